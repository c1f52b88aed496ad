/**
 * Text normalization shared by the plan reader and the agency matcher. Real documents mix
 * composed and decomposed letters, old and new tone placement ("Hoá"/"Hóa") and stray spaces.
 */
import { foldDiacritics } from "../domain/text.js";

/** NFC, non-breaking and odd spaces to plain spaces, runs of spaces collapsed, trimmed. */
export function cleanLine(line: string): string {
  return line
    .normalize("NFC")
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// Old-style tone placement on a word-final "oa", "oe", "uy" ("hoá", "thuỷ") → new style ("hóa", "thủy").
const tonePlacement: Array<[RegExp, string]> = [
  [/o([áàảãạ])$/u, "$1"],
  [/o([éèẻẽẹ])$/u, "$1"],
  [/u([ýỳỷỹỵ])$/u, "$1"],
];
const toneMarkOf: Record<string, string> = {
  á: "\u0301",
  à: "\u0300",
  ả: "\u0309",
  ã: "\u0303",
  ạ: "\u0323",
  é: "\u0301",
  è: "\u0300",
  ẻ: "\u0309",
  ẽ: "\u0303",
  ẹ: "\u0323",
  ý: "\u0301",
  ỳ: "\u0300",
  ỷ: "\u0309",
  ỹ: "\u0303",
  ỵ: "\u0323",
};

/** Lower-cases a word and moves an old-style final tone mark onto the first vowel. */
export function normalizeWord(word: string): string {
  const lower = word.normalize("NFC").toLowerCase();
  for (const [pattern] of tonePlacement) {
    const match = pattern.exec(lower);
    if (!match?.[1]) continue;
    const marked = match[1];
    const base = marked.normalize("NFD")[0] ?? "";
    const first = lower.slice(0, match.index) + (lower[match.index] + toneMarkOf[marked]!).normalize("NFC");
    return first + base;
  }
  return lower;
}

export interface Token {
  /** lower-case, tone-normalized word */
  word: string;
  /** the same without diacritics */
  folded: string;
  /** written "Nghệ", not "nghệ" or "NGHỆ": a proper noun in running text */
  capitalized: boolean;
  /** offsets into the source string */
  start: number;
  end: number;
  /** a comma, semicolon or colon stands between this token and the previous one */
  afterComma: boolean;
  /** a semicolon: it separates the items of a long list, or two clauses */
  afterSemicolon: boolean;
  /** a period, `:`, `!`, `?` or `…` ends the sentence (or introduces what follows) before this token */
  afterStop: boolean;
}

const wordPattern = /[\p{L}\p{N}&]+/gu;

// Words repeat across a document (and across documents): normalizing each distinct word once
// keeps tokenizing linear and cheap. Bounded so a long-running process cannot grow it forever.
type WordForms = Pick<Token, "word" | "folded" | "capitalized">;
const wordCache = new Map<string, WordForms>();
const wordCacheLimit = 50_000;

function normalizedForms(raw: string): WordForms {
  let forms = wordCache.get(raw);
  if (!forms) {
    const word = normalizeWord(raw);
    forms = { word, folded: foldDiacritics(word), capitalized: /^\p{Lu}\p{Ll}/u.test(raw) };
    if (wordCache.size >= wordCacheLimit) wordCache.clear();
    wordCache.set(raw, forms);
  }
  return forms;
}

/** Splits text into words; punctuation is dropped but remembered on the following token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(wordPattern)) {
    const start = match.index;
    const between = text.slice(last, start);
    const { word, folded, capitalized } = normalizedForms(match[0]);
    tokens.push({
      word,
      folded,
      capitalized,
      start,
      end: start + match[0].length,
      afterComma: /[,;:]/.test(between),
      afterSemicolon: between.includes(";"),
      afterStop: /[.:!?…]/.test(between),
    });
    last = start + match[0].length;
  }
  return mergeAbbreviations(joinAcronyms(text, tokens));
}

// An abbreviation of a department's fields, "KH&ĐT": Vietnamese acronyms are 2-4 capitals
// without tone marks, which keeps all-caps words ("ĐỘNG", "VÀ") out.
const acronym = /^[A-ZĐ]{2,4}$/;

function isAcronym(text: string, token: Token): boolean {
  return acronym.test(text.slice(token.start, token.end));
}

function joined(left: Token, right: Token): Token {
  return { ...left, word: `${left.word}&${right.word}`, folded: `${left.folded}&${right.folded}`, end: right.end };
}

/** "GD-ĐT", "GD - ĐT": a dash between two acronyms, outside a document number ("54/NQ-CP"). */
function hyphenatedAcronyms(text: string, left: Token, right: Token | undefined): boolean {
  if (right === undefined || right.start - left.end > 3) return false;
  return (
    /^ ?[-–] ?$/.test(text.slice(left.end, right.start)) &&
    text.charCodeAt(left.start - 1) !== 47 && // "/"
    isAcronym(text, left) &&
    isAcronym(text, right)
  );
}

/**
 * "KH & ĐT" and "KH-ĐT" → the word "kh&đt", as the registry writes "KH&ĐT"; an "&" between
 * full words ("Thông tin & Truyền thông") stands for "và". Hyphens between full words
 * ("Lao động - Thương binh") and acronyms that already hold "&" ("LĐ-TB&XH") stay as they are.
 */
function joinAcronyms(text: string, tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = out[out.length - 1];
    const next = tokens[i + 1];
    if (token.word === "&") {
      if (previous && next && isAcronym(text, previous) && isAcronym(text, next)) {
        out[out.length - 1] = joined(previous, next);
        i++;
      } else {
        out.push({ ...token, word: "và", folded: "va" });
      }
    } else if (hyphenatedAcronyms(text, token, next)) {
      out.push(joined(token, next!));
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

// Multi-word names that documents also write as an abbreviation: one token either way.
// Compared without diacritics, so "uy ban nhan dan" typed plainly merges too; no other
// Vietnamese phrase folds to these words.
const abbreviations: Array<{ words: string[]; as: string }> = [
  { words: ["uy", "ban", "nhan", "dan"], as: "ubnd" },
  { words: ["hoi", "dong", "nhan", "dan"], as: "hđnd" },
];

function mergeAbbreviations(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const hit = abbreviations.find((a) => a.words.every((w, k) => tokens[i + k]?.folded === w));
    if (!hit) {
      out.push(tokens[i]!);
      continue;
    }
    const first = tokens[i]!;
    const lastToken = tokens[i + hit.words.length - 1]!;
    out.push({ ...first, word: hit.as, folded: foldDiacritics(hit.as), end: lastToken.end });
    i += hit.words.length - 1;
  }
  return out;
}

/** Canonical key of a name: its words, lower-case and tone-normalized, joined by one space. */
export function nameKey(name: string): string {
  return tokenize(cleanLine(name))
    .map((t) => t.word)
    .join(" ");
}

/** The same key without diacritics, for text typed without them. */
export function foldedKey(name: string): string {
  return tokenize(cleanLine(name))
    .map((t) => t.folded)
    .join(" ");
}

/** "TỔ CHỨC THỰC HIỆN" → "Tổ chức thực hiện"; mixed-case text is left alone. */
export function sentenceCase(text: string): string {
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters === "" || letters !== letters.toUpperCase()) return text;
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
