/**
 * Text handling as the Bot API does it: parse_mode=HTML (a port of the rules of TDLib's
 * `parse_html`, with its error messages and UTF-8 byte offsets), automatic entities
 * (bot commands, mentions, hashtags, URLs), trimming and length counting.
 */
import type { MessageEntity } from "telegraf/types";
import { badRequest } from "./types.js";

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set(["a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote"]);
const SIMPLE: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  blockquote: "blockquote",
};

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 0;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

class HtmlError extends Error {}

/** Parses Bot API HTML; throws ApiError 400 "can't parse entities: …" like the real server. */
export function parseHtml(source: string): FormattedText {
  try {
    return parse(Buffer.from(source, "utf8"));
  } catch (error) {
    if (error instanceof HtmlError) throw badRequest(`can't parse entities: ${error.message}`);
    throw error;
  }
}

function parse(src: Buffer): FormattedText {
  const at = (i: number) => (i < src.length ? src[i]! : 0);
  const slice = (from: number, to: number) => src.subarray(from, to).toString("utf8");
  const out: number[] = [];
  const entities: MessageEntity[] = [];
  const open: Array<{ tag: string; arg: string; offset: number; outPos: number }> = [];
  let utf16 = 0;

  const decodeEntity = (pos: number): { code: number; next: number } | null => {
    let end = pos + 1;
    let code = 0;
    if (at(pos + 1) === 35 /* # */) {
      end++;
      if (at(pos + 2) === 120 /* x */) {
        end++;
        while (isHex(at(end))) code = code * 16 + parseInt(String.fromCharCode(at(end++)), 16);
      } else {
        while (isDigit(at(end))) code = code * 10 + (at(end++) - 48);
      }
      if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
    } else {
      while (isAlpha(at(end))) end++;
      const name = slice(pos + 1, end);
      const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
      if (!(name in named)) return null;
      code = named[name]!;
    }
    return { code, next: at(end) === 59 /* ; */ ? end + 1 : end };
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 38 /* & */) {
      const decoded = decodeEntity(i);
      if (decoded) {
        const bytes = Buffer.from(String.fromCodePoint(decoded.code), "utf8");
        out.push(...bytes);
        utf16 += decoded.code > 0xffff ? 2 : 1;
        i = decoded.next - 1;
        continue;
      }
    }
    if (c !== 60 /* < */) {
      if ((c & 0xc0) !== 0x80) utf16 += c >= 0xf0 ? 2 : 1;
      out.push(c);
      continue;
    }
    const begin = i++;
    if (at(i) !== 47 /* / */) {
      while (!isSpace(at(i)) && at(i) !== 62) i++;
      if (at(i) === 0) throw new HtmlError(`Unclosed start tag at byte offset ${begin}`);
      const tag = slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) {
        throw new HtmlError(`Unsupported start tag "${tag}" at byte offset ${begin}`);
      }
      let arg = "";
      while (at(i) !== 62 /* > */) {
        while (i < src.length && isSpace(at(i))) i++;
        if (at(i) === 62) break;
        const nameBegin = i;
        while (!isSpace(at(i)) && at(i) !== 61 /* = */) i++;
        const attr = slice(nameBegin, i);
        if (attr === "") throw new HtmlError(`Empty attribute name in the tag "${tag}" at byte offset ${begin}`);
        while (i < src.length && isSpace(at(i))) i++;
        if (at(i) !== 61) {
          throw new HtmlError(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${begin}`);
        }
        i++;
        while (i < src.length && isSpace(at(i))) i++;
        if (i >= src.length) throw new HtmlError(`Unclosed start tag "${tag}" at byte offset ${begin}`);
        let value: string;
        const quote = at(i);
        if (quote !== 39 && quote !== 34) {
          const tokenBegin = i;
          while (isAlpha(at(i)) || isDigit(at(i)) || at(i) === 46 || at(i) === 45) i++;
          value = slice(tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== 62) {
            throw new HtmlError(`Unexpected end of name token at byte offset ${tokenBegin}`);
          }
        } else {
          i++;
          const bytes: number[] = [];
          while (i < src.length && at(i) !== quote) {
            const decoded = at(i) === 38 ? decodeEntity(i) : null;
            if (decoded) {
              bytes.push(...Buffer.from(String.fromCodePoint(decoded.code), "utf8"));
              i = decoded.next;
            } else bytes.push(src[i++]!);
          }
          if (at(i) === quote) i++;
          value = Buffer.from(bytes).toString("utf8");
        }
        if (i >= src.length) throw new HtmlError(`Unclosed start tag at byte offset ${begin}`);
        if (tag === "a" && attr === "href") arg = value;
        else if (tag === "code" && attr === "class" && value.startsWith("language-")) arg = value.slice(9);
        else if (tag === "span" && attr === "class" && value.startsWith("tg-")) arg = value.slice(3);
        else if (tag === "tg-emoji" && attr === "emoji-id") arg = value;
      }
      if (tag === "span" && arg !== "spoiler") {
        throw new HtmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${begin}`);
      }
      open.push({ tag, arg, offset: utf16, outPos: out.length });
      continue;
    }
    if (open.length === 0) throw new HtmlError(`Unexpected end tag at byte offset ${begin}`);
    while (!isSpace(at(i)) && at(i) !== 62) i++;
    const endTag = slice(begin + 2, i).toLowerCase();
    while (i < src.length && isSpace(at(i))) i++;
    if (at(i) !== 62) throw new HtmlError(`Unclosed end tag at byte offset ${begin}`);
    const top = open.pop()!;
    if (endTag !== "" && endTag !== top.tag) {
      throw new HtmlError(`Unmatched end tag at byte offset ${begin}, expected "</${top.tag}>", found "</${endTag}>"`);
    }
    if (utf16 > top.offset) closeEntity(top, utf16 - top.offset, out, entities);
  }
  if (open.length > 0) {
    throw new HtmlError(`Can't find end tag corresponding to start tag ${open[open.length - 1]!.tag}`);
  }
  return { text: Buffer.from(out).toString("utf8"), entities: sortEntities(entities) };
}

function closeEntity(top: { tag: string; arg: string; offset: number; outPos: number }, length: number, out: number[], entities: MessageEntity[]): void {
  const { tag, arg, offset } = top;
  const last = entities[entities.length - 1];
  const sameSpan = last !== undefined && last.offset === offset && last.length === length;
  if (SIMPLE[tag] || (tag === "span" && arg === "spoiler")) {
    entities.push({ type: SIMPLE[tag] ?? "spoiler", offset, length } as MessageEntity);
  } else if (tag === "tg-emoji") {
    if (!/^\d+$/.test(arg) || /^0+$/.test(arg)) throw new HtmlError("Invalid custom emoji identifier specified");
    entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: arg });
  } else if (tag === "a") {
    const url = arg || Buffer.from(out.slice(top.outPos)).toString("utf8");
    const userId = /^tg:\/\/user\?id=(\d+)$/i.exec(url)?.[1];
    if (userId) {
      entities.push({ type: "text_mention", offset, length, user: { id: Number(userId), is_bot: false, first_name: "" } });
    } else {
      const checked = checkedLink(url);
      if (checked) entities.push({ type: "text_link", offset, length, url: checked });
    }
  } else if (tag === "pre") {
    if (sameSpan && last.type === "code" && (last as { language?: string }).language) {
      const language = (last as { language?: string }).language!;
      entities[entities.length - 1] = { type: "pre", offset, length, language };
    } else entities.push({ type: "pre", offset, length });
  } else if (tag === "code") {
    if (sameSpan && last.type === "pre" && arg) {
      entities[entities.length - 1] = { type: "pre", offset, length, language: arg };
    } else if (arg) {
      // remembered for a surrounding <pre>; dropped again if none comes
      entities.push({ type: "code", offset, length, language: arg } as unknown as MessageEntity);
    } else entities.push({ type: "code", offset, length });
  }
}

function checkedLink(url: string): string | null {
  const trimmed = url.trim();
  if (trimmed === "") return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    return /^(https?|tg|ton|mailto|tel):/i.test(trimmed) ? trimmed : null;
  }
  return /^[\w.-]+\.[a-z]{2,}([/?#].*)?$/i.test(trimmed) ? `http://${trimmed}` : null;
}

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  for (const e of entities) {
    if (e.type === "code") delete (e as { language?: string }).language;
  }
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** UTF-16 length, the unit of entity offsets. */
export const utf16Length = (s: string): number => s.length;
/** Characters as TDLib counts them for the 4096/1024 limits (Unicode code points). */
export const charCount = (s: string): number => [...s].length;

/** Strips leading/trailing whitespace and shifts entities like TDLib's fix_formatted_text. */
export function trimFormatted(input: FormattedText): FormattedText {
  const lead = input.text.length - input.text.trimStart().length;
  const text = input.text.trim();
  const entities: MessageEntity[] = [];
  for (const e of input.entities) {
    const start = Math.max(e.offset - lead, 0);
    const end = Math.min(e.offset + e.length - lead, text.length);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}

const AUTO =
  /(?<![\w/@#])(\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?)|(?<![\w@])(@[a-zA-Z0-9_]{4,32})|(?<![\w#])(#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)|(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])/gu;

/**
 * Entities the server detects by itself in message text: bot_command, mention, hashtag, url.
 * Spans already covered by pre/code/text_link entities are left alone.
 */
export function autoEntities(text: string, existing: MessageEntity[] = []): MessageEntity[] {
  const blocked = existing.filter((e) => e.type === "pre" || e.type === "code" || e.type === "text_link");
  const found: MessageEntity[] = [];
  for (const m of text.matchAll(AUTO)) {
    const offset = m.index ?? 0;
    const length = m[0].length;
    if (blocked.some((b) => offset < b.offset + b.length && b.offset < offset + length)) continue;
    const type = m[1] ? "bot_command" : m[2] ? "mention" : m[3] ? "hashtag" : "url";
    found.push({ type, offset, length });
  }
  return sortEntities([...existing, ...found]);
}
