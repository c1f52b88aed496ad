/**
 * Vietnamese text without its diacritics, for matching what people type (often without them)
 * against plans, registries and phrase tables. Pure.
 */

// Letters fold the same way every time and a text has few distinct ones. Bounded, since replies
// are typed by anyone: a message full of rare code points must not grow the map without limit.
const foldedChars = new Map<string, string>();
const foldedCharsLimit = 4096;

/**
 * Removes every diacritic and lower-cases: "Đông Sơn" → "dong son", "Ưu tiên" → "uu tien".
 * Precomposed and combining forms fold alike. Code point by code point: each one's folded form
 * depends on it alone (a combining mark folds to nothing), so callers may map folded text back.
 */
export function foldDiacritics(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
      continue;
    }
    let folded = foldedChars.get(ch);
    if (folded === undefined) {
      // Per character this equals folding the whole string: marks are dropped, not reordered.
      folded = ch.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
      if (foldedChars.size < foldedCharsLimit) foldedChars.set(ch, folded);
    }
    out += folded;
  }
  return out;
}

/** Folded, with every run of white space (line breaks too) made one space. */
export function foldWords(text: string): string {
  return foldDiacritics(text).replace(/\s+/gu, " ");
}

/** Diacritics removed, case kept, "Đ" → "D": "Quyết định số 12/QĐ" → "Quyet dinh so 12/QD" (ASCII names). */
export function stripDiacritics(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}
