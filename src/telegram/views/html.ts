/** Escaping for Telegram's HTML parse mode: user and document text never becomes markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shortens to `max` characters on a word boundary, with "…". */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if ([...flat].length <= max) return flat;
  const cut = [...flat].slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Telegram's limit is 4096 characters after entities are parsed; stay well inside it. */
export const messageLimit = 3900;
