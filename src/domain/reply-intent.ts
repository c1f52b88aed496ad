/**
 * What a focal officer meant by a free-text reply (DESIGN.md §1, §3: the status-update kinds).
 *
 * Officers answer on phones in their own words, often without diacritics: "da xong",
 * "dang trien khai 60%", "vuong mac ve von, xin gia han den 15/12". This module never guesses:
 * when the words do not say, `kind` is null or `confidence` is "weak", and the bot asks with
 * buttons. Pure: no I/O, no clock (`today` is passed in), no dependencies outside `domain/`.
 *
 * How a reply is read:
 *  1. Normalize (NFC, one space, line breaks kept) and fold (lowercase, no diacritics, đ → d),
 *     keeping a map back to the typed text so quoted parts keep their diacritics.
 *  2. Find every phrase of INTENT_PHRASES and judge it in its clause: negated ("không có vướng
 *     mắc"), resolved ("đã tháo gỡ khó khăn"), not yet ("dự kiến hoàn thành"), partial ("xong
 *     giai đoạn 1"), a noun ("thời hạn hoàn thành"), or inside a question ("bao giờ hạn?").
 *  3. The strongest surviving kind wins: extension_request > blocked > done > progress > note.
 *  4. A stated percentage settles done against progress: "hoàn thành 80%" is progress,
 *     "đạt 100%" is done, and done without a number means 100.
 *
 * Every pattern is linear: bounded look-arounds, no nested quantifiers over the same text, and
 * clause look-backs read at most 80 characters.
 */
import { lastDayOfMonth, localDateFrom, toLocalDate } from "./local-date.js";
import { foldDiacritics, foldWords } from "./text.js";

export type ReplyKind = "done" | "progress" | "blocked" | "extension_request" | "note";

export interface ReplyIntent {
  /** null = cannot tell (the bot asks with buttons instead of guessing) */
  kind: ReplyKind | null;
  /** 0..100 when stated; 100 for done without a number */
  percent: number | null;
  /** YYYY-MM-DD, only for extension requests */
  proposedDate: string | null;
  /** for blocked and extension requests: the cause the reply gives */
  reason: string | null;
  /** document numbers as typed: "123/BC-STC", "45/TTr-SKHĐT" */
  references: string[];
  /** weak: a one-word answer ("ok", "rồi", "xong?") or nothing readable */
  confidence: "clear" | "weak";
}

type IntentKind = Exclude<ReplyKind, "note">;

/** Asking for time says the most, a problem next, then a result, then mere activity. */
const PRECEDENCE: readonly IntentKind[] = ["extension_request", "blocked", "done", "progress"];

// ---------------------------------------------------------------------------------------------
// The phrase table. `words` are folded (no diacritics) regular-expression sources.

interface IntentPhrase {
  kind: IntentKind;
  words: string;
  /** when folding makes the words ambiguous ("đang" / "Đảng"): the spelling they must have */
  accented?: string;
  /** the phrase names its own cause ("thiếu kinh phí"): the reason when no "vì/do/về" gives one */
  isReason?: boolean;
}

const INTENT_PHRASES: readonly IntentPhrase[] = [
  { kind: "extension_request", words: "gia han" },
  { kind: "extension_request", words: "xin lui|lui (?:thoi han|han|thoi gian|tien do|den|toi|sang|lai)" },
  { kind: "extension_request", words: "(?:cho|xin|can|de nghi) them thoi (?:gian|han)" },
  { kind: "extension_request", words: "(?:keo dai|dieu chinh) thoi (?:gian|han)|doi han" },

  { kind: "blocked", words: "(?:bi|dang|con|van) vuong(?: mac)?|vuong mac|(?:gap )?kho khan|gap kho|tro ngai|ach tac|bat cap" },
  { kind: "blocked", words: "bi (?:cham|tre|dinh tre|tam dung|dung|treo)|cham (?:tien do|tre)" },
  { kind: "blocked", words: "chua co (?:van ban )?(?:huong dan|kinh phi|nguon von|von|quy dinh|chu truong|y kien)", isReason: true },
  { kind: "blocked", words: "chua duoc (?:bo tri|cap|phan bo|giao|giai ngan|huong dan)", isReason: true },
  { kind: "blocked", words: "cho (?:huong dan|y kien)", isReason: true },
  {
    kind: "blocked",
    words: "(?:thieu|khong du|khong co|het) (?:kinh phi|nguon von|von|nguon luc|nhan luc|nhan su|can bo|huong dan|co so phap ly|thong tin|so lieu|du lieu|thiet bi|mat bang|thoi gian)",
    isReason: true,
  },

  // Sending a report, or having the plan issued or approved, finishes a task of this genre;
  // sending any other paper ("đã gửi công văn") is a step, so it is progress (below).
  // "hoàn thàng", "hoàn thàn": the last letter slipped on a phone keyboard
  { kind: "done", words: "hoan thanh|hoan thang|hoan than|hoan tat|xong" },
  { kind: "done", words: "da (?:gui |nop |co )?bao cao(?! (?:tien do|so bo))" },
  { kind: "done", words: "da (?:duoc )?(?:ban hanh|phe duyet)" },

  { kind: "progress", words: "dang", accented: "đang" },
  { kind: "progress", words: "trien khai|thuc hien|xay dung|hoan thien|soan thao|du thao|tong hop|khao sat|lay y kien" },
  { kind: "progress", words: "da (?:gui|nop|trinh)|bao cao tien do" },
];

const COMPILED_PHRASES = INTENT_PHRASES.map((phrase) => ({ phrase, re: wordRegExp(phrase.words) }));

function wordRegExp(words: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words})(?![\\p{L}\\p{N}])`, "gu");
}

// Word lists that judge a phrase in its clause (folded, as word arrays).
const phrases = (...list: string[]): string[][] => list.map((p) => p.split(" "));

const NEGATORS = phrases("khong", "ko", "k", "kg", "khg", "chua", "chang");
/** "hết vướng mắc", "đã tháo gỡ khó khăn", "mặc dù khó khăn": no longer an obstacle */
const RESOLVERS = phrases("het", "da thao go", "da giai quyet", "da khac phuc", "da xu ly", "mac du");
/** Right before "hoàn thành": it is not finished yet ("sắp", "sẽ", "để", "cơ bản", "gần") */
const NOT_YET_IMMEDIATE = phrases("sap", "se", "dang", "de", "nham", "can", "phai", "gan", "khi", "muon", "co ban", "mot phan", "chuan bi");
/** Anywhere earlier in the clause: "dự kiến trong tháng 12 hoàn thành" */
const NOT_YET_CLAUSE = phrases("du kien", "phan dau", "co gang", "tiep tuc", "muc tieu", "chi tieu");
/** "thời hạn hoàn thành", "tỷ lệ hoàn thành": a noun, says nothing about the state */
const NOUNS_BEFORE_DONE = phrases("han", "thoi han", "thoi gian", "ngay", "tien do", "ty le", "ti le");
/** Words a negation reaches over: "không gặp phải bất kỳ vướng mắc", "chưa thể hoàn thành" */
const FILLERS = new Set("co gap phai bat ky gi con phat sinh xay ra the kip duoc thuc hien lam can xin de nghi bi nhieu lon nao cac hoan toan van som qua".split(" "));
/** Words that start a new clause, so a negation before them does not reach past them ("nhien": "tuy nhiên") */
const CONNECTORS = new Set(["do", "vi", "nen", "nhung", "song", "ma", "va", "hoac", "nhien"]);

/** "Khó khăn, vướng mắc: Không." — the form-like answer negates what precedes it */
const SUFFIX_NEGATION = /^\s*(?:gi\s*)?[:\-–]\s*(?:khong|ko|k|chua)(?: co)?(?: gi)?\s*(?:[.,;!\n]|$)/u;
/** "xong giai đoạn 1", "hoàn thành phần khảo sát", "hoàn thành dự thảo": a part, not the task */
const PARTIAL_AFTER = /^ (?:giai doan|phan(?! viec)|buoc|hang muc|dot|mot phan|co ban|so bo|du thao)(?![\p{L}\p{N}])/u;
/** "không hoàn thành đúng hạn / kịp / theo kế hoạch": the deadline is at risk */
const RISK_AFTER = /^ (?:dung (?:han|thoi han|tien do|ke hoach)|kip(?: thoi)?(?: han)?|theo (?:dung )?(?:ke hoach|tien do|thoi han|yeu cau))(?![\p{L}\p{N}])/u;
/** "không thể / không kịp hoàn thành", "có nguy cơ …": cannot be done, not merely not yet */
const RISK_BEFORE = phrases("khong the", "ko the", "k the", "khong kip", "ko kip", "k kip", "khong the kip");
const RISK_CLAUSE = phrases("nguy co", "co the khong");
/** What may stand between negated items of one list: "không có vướng mắc, khó khăn gì" */
const LIST_GLUE = /^(?:[\s,/&-]|va|hay|hoac)*$/u;

// ---------------------------------------------------------------------------------------------
// Text: the typed reply, its folded form and the way back

interface Reply {
  /** NFC, whitespace runs collapsed (a run with a line break becomes "\n"), case kept */
  clean: string;
  /** lowercase, no diacritics, đ → d */
  folded: string;
  /** origin[i]: index in `clean` of the letter folded[i] came from; one extra entry at the end */
  origin: number[];
}

function readText(text: string): Reply {
  const clean = text
    .normalize("NFC")
    .replace(/\u200b/gu, " ") // a zero-width space separates words
    // biome-ignore lint/suspicious/noMisleadingCharacterClass: each joiner is removed on its own, not matched as a sequence
    .replace(/[\u00ad\u200c\u200d\u2060\ufeff]/gu, "") // soft hyphen, joiners: inside words
    .replace(/\s+/gu, (run) => (/[\n\r\u2028\u2029]/u.test(run) ? "\n" : " "))
    .trim();
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < clean.length; ) {
    const letter = String.fromCodePoint(clean.codePointAt(i) ?? 0);
    const f = foldDiacritics(letter);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += letter.length;
  }
  origin.push(clean.length);
  return { clean, folded, origin };
}

function typed(reply: Reply, start: number, end: number): string {
  return reply.clean.slice(reply.origin[start] ?? reply.clean.length, reply.origin[end] ?? reply.clean.length);
}

/** Typed "vi" may be "vì"; typed "vị" is not. A word without diacritics matches any accenting. */
function sameWords(typedWords: string, accented: string): boolean {
  const t = typedWords.toLowerCase();
  return t === accented || (t === foldDiacritics(t) && t === foldDiacritics(accented));
}

const WORD = /[\p{L}\p{N}]+/gu;
const CLAUSE_PUNCTUATION = /[,;:.!?()[\]\n–—]/u;

/** The folded words of the clause that ends at `at`, from its last punctuation or connector. */
function clauseBefore(folded: string, at: number): string[] {
  const from = Math.max(0, at - 80);
  let chunk = folded.slice(from, at);
  for (let i = chunk.length - 1; i >= 0; i--) {
    if (CLAUSE_PUNCTUATION.test(chunk[i] ?? "")) {
      chunk = chunk.slice(i + 1);
      break;
    }
  }
  const words = chunk.match(WORD) ?? [];
  if (from > 0 && chunk.length === at - from) words.shift(); // may be cut in half
  for (let i = words.length - 1; i >= 0; i--) {
    // "tiến độ" is not the connector "do"
    if (CONNECTORS.has(words[i] ?? "") && !(words[i] === "do" && words[i - 1] === "tien")) return words.slice(i + 1);
  }
  return words;
}

function endsWithPhrase(words: string[], end: number, phrase: string[]): boolean {
  if (phrase.length > end) return false;
  return phrase.every((w, k) => words[end - phrase.length + k] === w);
}

/** A listed phrase ends the clause, followed only by up to `maxFillers` filler words. */
function precededBy(words: string[], list: string[][], maxFillers = 4): boolean {
  for (let end = words.length, skipped = 0; end >= 0 && skipped <= maxFillers; end--, skipped++) {
    if (list.some((p) => endsWithPhrase(words, end, p))) return true;
    if (!FILLERS.has(words[end - 1] ?? "")) return false;
  }
  return false;
}

function containsPhrase(words: string[], list: string[][]): boolean {
  for (let end = 1; end <= words.length; end++) if (list.some((p) => endsWithPhrase(words, end, p))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Sentences and questions

interface Sentence {
  start: number;
  end: number;
  question: boolean;
}

const SENTENCE_END = /[!?;\n]+|\.+(?!\p{N})/gu;
const QUESTION_OPENER = /^(?:cho (?:em |toi |minh )?hoi|xin hoi|bao gio|khi nao|tai sao|vi sao|lam sao|lam the nao|the nao)(?![\p{L}\p{N}])/u;
const QUESTION_CLOSER = /(?<![\p{L}\p{N}])(?:bao gio|khi nao|the nao|nhu nao|ngay nao|o dau|duoc khong|phai khong|khong a|chua a)$/u;

function splitSentences(folded: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const close = (end: number, terminator: string) => {
    const words = trimToWords(folded.slice(start, end));
    const question = terminator.includes("?") || QUESTION_OPENER.test(words) || QUESTION_CLOSER.test(words);
    sentences.push({ start, end: end + terminator.length, question });
    start = end + terminator.length;
  };
  for (const m of folded.matchAll(SENTENCE_END)) close(m.index, m[0]);
  if (start < folded.length) close(folded.length, "");
  return sentences;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Without leading and trailing punctuation; a loop, because `[^…]+$` is quadratic on long runs. */
function trimToWords(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && !LETTER_OR_DIGIT.test(text[start] ?? "")) start++;
  while (end > start && !LETTER_OR_DIGIT.test(text[end - 1] ?? "")) end--;
  return text.slice(start, end);
}

function sentenceAt(sentences: Sentence[], at: number): Sentence | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid]!;
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Intent phrases, judged in their clause

interface Hit {
  phrase: IntentPhrase;
  start: number;
  end: number;
  /** the kind this hit supports after judging, or null when it does not count */
  counts: IntentKind | null;
}

function findHits(reply: Reply, sentences: Sentence[]): Hit[] {
  const hits: Hit[] = [];
  for (const { phrase, re } of COMPILED_PHRASES) {
    for (const m of reply.folded.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (phrase.accented !== undefined && !sameWords(typed(reply, start, end), phrase.accented)) continue;
      const question = sentenceAt(sentences, start)?.question ?? false;
      hits.push({ phrase, start, end, counts: judge(reply.folded, phrase.kind, start, end, question) });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  spreadOverLists(reply.folded, hits);
  return hits;
}

function judge(folded: string, kind: IntentKind, start: number, end: number, question: boolean): IntentKind | null {
  const before = clauseBefore(folded, start);
  const after = folded.slice(end, end + 40);
  const negated = precededBy(before, NEGATORS) || SUFFIX_NEGATION.test(after);
  switch (kind) {
    case "extension_request":
      // A request is often phrased as a question ("gia hạn đến 15/12 được không?").
      return negated || wasGranted(before) ? null : kind;
    case "blocked":
      return question || negated || precededBy(before, RESOLVERS) ? null : kind;
    case "done":
      if (question || precededBy(before, NOUNS_BEFORE_DONE, 0)) return null;
      // Cannot finish in time is a risk the coordinators hear of: an obstacle, not progress.
      if (negated && (RISK_AFTER.test(after) || precededBy(before, RISK_BEFORE, 0) || containsPhrase(before, RISK_CLAUSE))) return "blocked";
      if (negated || precededBy(before, NOT_YET_IMMEDIATE, 2) || containsPhrase(before, NOT_YET_CLAUSE)) return "progress";
      return PARTIAL_AFTER.test(after) ? "progress" : kind;
    case "progress":
      return question ? null : kind;
  }
}

/** "đã (được) gia hạn đến 15/12" reports an extension already granted; "xin được gia hạn" asks. */
function wasGranted(before: string[]): boolean {
  const last = before.at(-1);
  if (last === "da") return true;
  if (last !== "duoc") return false;
  return !["xin", "nghi", "mong", "muon", "the"].includes(before.at(-2) ?? "");
}

/** "không có vướng mắc, khó khăn gì" and "khó khăn, vướng mắc: không": one negation, a list. */
function spreadOverLists(folded: string, hits: Hit[]): void {
  const blocked = hits.filter((h) => h.phrase.kind === "blocked");
  const glued = (a: Hit, b: Hit) => LIST_GLUE.test(folded.slice(a.end, Math.max(a.end, b.start)));
  for (let i = 1; i < blocked.length; i++) {
    const [prev, cur] = [blocked[i - 1]!, blocked[i]!];
    if (prev.counts === null && glued(prev, cur)) cur.counts = null;
  }
  for (let i = blocked.length - 2; i >= 0; i--) {
    const [cur, next] = [blocked[i]!, blocked[i + 1]!];
    if (next.counts === null && glued(cur, next)) cur.counts = null;
  }
}

// ---------------------------------------------------------------------------------------------
// Percent

/** "60%", "60 %", "60 phần trăm", "62,5%", and ranges "60-70%", "60% - 70%", "từ 60 đến 70%" */
const PERCENT = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[.,]\d{1,2})?)(?:\s*(?:%|phan tram))?(?:\s*(?:-|–|—|den|toi)\s*(\d{1,3}(?:[.,]\d{1,2})?))?\s*(?:%|phan tram)/gu;

interface PercentReading {
  /** a percentage appears outside questions: that alone says "progress" */
  stated: boolean;
  /** the current one: the first not in a future or negated clause, within 0..100 */
  value: number | null;
}

function readPercent(folded: string, sentences: Sentence[]): PercentReading {
  let stated = false;
  let value: number | null = null;
  for (const m of folded.matchAll(PERCENT)) {
    if (sentenceAt(sentences, m.index)?.question) continue;
    stated = true;
    const before = clauseBefore(folded, m.index);
    // "dự kiến đạt 80%", "chưa hoàn thành 100%": not where the work stands now
    if (containsPhrase(before, [...NOT_YET_CLAUSE, ["se"], ["sap"]]) || containsPhrase(before.slice(-3), NEGATORS)) continue;
    value ??= percentValue(m[1] ?? "", m[2]);
    if (value !== null) break;
  }
  if (value !== null) return { stated, value };
  // "được tầm 7 phần", "8 phần 10": tenths, said where a number ends the clause.
  for (const m of folded.matchAll(TENTHS)) {
    const rest = folded.slice(m.index + m[0].length, m.index + m[0].length + 8);
    if (m[2] === undefined && !TENTHS_END.test(rest)) continue;
    if (sentenceAt(sentences, m.index)?.question) continue;
    const before = clauseBefore(folded, m.index);
    if (containsPhrase(before, [...NOT_YET_CLAUSE, ["se"], ["sap"]]) || containsPhrase(before.slice(-3), NEGATORS)) continue;
    const tenths = Number(m[1]);
    if (tenths > 10) continue;
    return { stated: true, value: tenths * 10 };
  }
  return { stated, value };
}

const TENTHS = /(?<![\p{L}\p{N}.,/])(\d{1,2}) phan( (?:muoi|10))?(?![\p{L}\p{N}])/gu;
/** what may follow bare "7 phần": the end of the clause, or a particle ("rồi", "ạ", "nhé") */
const TENTHS_END = /^\s*(?:[.,;!?\n]|$|(?:roi|a|nhe|oi|thoi)(?![\p{L}\p{N}]))/u;

/** Whole percent, rounded down so 99,6% never reads as done; a range counts its lower bound. */
function percentValue(first: string, second: string | undefined): number | null {
  const numbers = [first, second].filter((s): s is string => s !== undefined).map((s) => Number(s.replace(",", ".")));
  if (numbers.some((n) => !(n >= 0 && n <= 100))) return null;
  return Math.floor(Math.min(...numbers));
}

// ---------------------------------------------------------------------------------------------
// Proposed date

const DATE = new RegExp(
  "(?<![\\p{L}\\p{N}/.,-])(?:" +
    [
      "(?<iy>\\d{4})-(?<im>\\d{1,2})-(?<id>\\d{1,2})", // 2026-12-15
      "(?:ngay )?(?<wd>\\d{1,2}) thang (?<wm>\\d{1,2})(?:(?: nam |/)(?<wy>\\d{4}))?", // ngày 15 tháng 12 năm 2026
      "(?<nd>\\d{1,2})(?<sep>[/-])(?<nm>\\d{1,2})(?:\\k<sep>(?<ny>\\d{4}|\\d{2})| nam (?<ny2>\\d{4}))?", // 15/12, 15-12-2026
      "(?:(?:het|cuoi) )?thang (?<mm>\\d{1,2})(?:(?: nam |/)(?<my>\\d{4}))?", // hết tháng 12: its last day
    ].join("|") +
    ")(?!\\s*%|\\p{N}|[/-]\\p{N}|/\\p{L})",
  "gu",
);

/** The first date after the request ("xin gia hạn đến 15/12"), else the first in the reply. */
function readProposedDate(folded: string, requestEnd: number, today: LocalDay): string | null {
  const m = firstMatch(folded.slice(requestEnd)) ?? firstMatch(folded);
  return m === null ? null : dateOf(m, today);
}

function firstMatch(text: string): RegExpExecArray | null {
  for (const m of text.matchAll(DATE)) return m;
  return null;
}

interface LocalDay {
  year: number;
  month: number;
  day: number;
}

function dateOf(m: RegExpExecArray, today: LocalDay): string | null {
  const g = m.groups ?? {};
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  const wholeMonth = g.mm !== undefined;
  const day = num(g.id ?? g.wd ?? g.nd);
  const month = num(g.im ?? g.wm ?? g.nm ?? g.mm) ?? 0;
  let year = num(g.iy ?? g.wy ?? g.ny ?? g.ny2 ?? g.my);
  if (year !== undefined && year < 100) year += 2000;
  if (month < 1 || month > 12) return null;
  if (year !== undefined) return localDateFrom(year, month, wholeMonth ? lastDayOfMonth(year, month) : (day ?? 0));
  // No year: the next such date on or after today (a 29/02 may wait for a leap year).
  for (let y = today.year; y <= today.year + 8; y++) {
    const candidate = localDateFrom(y, month, wholeMonth ? lastDayOfMonth(y, month) : (day ?? 0));
    if (candidate !== null && candidate >= toLocalDate(today.year, today.month, today.day)) return candidate;
  }
  return null;
}

function parseToday(today: string): LocalDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(today);
  const [year, month, day] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  if (m === null || localDateFrom(year, month, day) === null) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  return { year, month, day };
}

// ---------------------------------------------------------------------------------------------
// Reason

/** "lý do: …", "vì …", "do …", "bởi vì …"; "về …" only just after an obstacle ("vướng mắc về vốn") */
const REASON_MARKER = /(?<![\p{L}\p{N}])(ly do|boi vi|boi|vi|do|ve)(?![\p{L}\p{N}])[\s:]*(?:la(?![\p{L}\p{N}])[\s:]*)?/gu;
/** "vướng mắc về", "khó khăn lớn về": "về" names the obstacle's subject when it follows closely */
const OBSTACLE_TO_VE = /^(?: [\p{L}\p{N}]+){0,2} $/u;
const MARKER_SPELLING: Record<string, string> = { "ly do": "lý do", "boi vi": "bởi vì", boi: "bởi", vi: "vì", do: "do", ve: "về" };
/** Where a reason ends: the next clause asks, concludes or moves on */
const REASON_STOP = /\s(nen|vi vay|do do|do vay|de nghi|kinh de nghi|kinh mong|xin|nhung|tuy nhien)(?![\p{L}\p{N}])|,\s*(?:da|dang|se|hien|du kien|va|con)(?![\p{L}\p{N}])/gu;
/** The accented spelling of each stop: "nên" stops a reason, "nền" ("nền tảng số") does not */
const STOP_SPELLING: Record<string, string> = {
  nen: "nên",
  "vi vay": "vì vậy",
  "do do": "do đó",
  "do vay": "do vậy",
  "de nghi": "đề nghị",
  "kinh de nghi": "kính đề nghị",
  "kinh mong": "kính mong",
  xin: "xin",
  nhung: "nhưng",
  "tuy nhien": "tuy nhiên",
};

function readReason(reply: Reply, sentences: Sentence[], hits: Hit[]): string | null {
  // Only the first few obstacles or requests are worth explaining; this also keeps it linear.
  const causes = hits.filter((h) => h.counts === "blocked" || h.counts === "extension_request").slice(0, 20);
  const obstacleEnds = new Set(causes.filter((h) => h.counts === "blocked").map((h) => h.end));
  const markersOf = new Map<Sentence, RegExpExecArray[]>();
  for (const m of reply.folded.matchAll(REASON_MARKER)) {
    const sentence = sentenceAt(sentences, m.index);
    if (sentence === undefined || !isMarker(reply, m, obstacleEnds)) continue;
    const list = markersOf.get(sentence) ?? [];
    list.push(m);
    markersOf.set(sentence, list);
  }
  // A marker after the request or obstacle explains it; one before it ("do thiếu vốn nên xin …") next.
  for (const hit of causes) {
    const sentence = sentenceAt(sentences, hit.start);
    const markers = (sentence && markersOf.get(sentence)) ?? [];
    const marker = markers.find((m) => m.index >= hit.start) ?? markers[0];
    const text = marker && sentence ? reasonText(reply, marker.index + marker[0].length, sentence.end) : null;
    if (text !== null) return text;
  }
  const named = hits.find((h) => h.counts !== null && h.phrase.isReason);
  const sentence = named && sentenceAt(sentences, named.start);
  return named && sentence ? reasonText(reply, named.start, sentence.end) : null;
}

function isMarker(reply: Reply, m: RegExpExecArray, obstacleEnds: Set<number>): boolean {
  const word = m[1] ?? "";
  if (!sameWords(typed(reply, m.index, m.index + word.length), MARKER_SPELLING[word] ?? word)) return false;
  const next = reply.folded.slice(m.index + word.length, m.index + word.length + 5);
  if (word === "ve") return [...obstacleEnds].some((end) => end < m.index && OBSTACLE_TO_VE.test(reply.folded.slice(end, m.index)));
  if (word === "vi") return !/^ vay/u.test(next); // "vì vậy": therefore
  if (word === "do") return !/^ (?:do|vay)/u.test(next) && !reply.folded.slice(Math.max(0, m.index - 5), m.index).endsWith("tien ");
  return true;
}

function reasonText(reply: Reply, from: number, sentenceEnd: number): string | null {
  let end = Math.min(sentenceEnd, from + 300);
  for (const m of reply.folded.slice(from, end).matchAll(REASON_STOP)) {
    const word = m[1];
    const at = from + m.index + (word === undefined ? 0 : 1);
    if (word !== undefined && !sameWords(typed(reply, at, at + word.length), STOP_SPELLING[word] ?? "")) continue;
    end = from + m.index;
    break;
  }
  const text = typed(reply, from, end)
    .replace(/^[\s:,;-]+/u, "")
    .replace(/[\s.,;:!?-]+$/u, "");
  return text === "" ? null : text;
}

// ---------------------------------------------------------------------------------------------
// Document numbers

/** "123/BC-STC", "45/TTr-SKHĐT", "12/2024/NĐ-CP", "12/SKHĐT"; not "15/12", not "5/tháng" */
const DOCUMENT_NUMBER = /(?<![\p{L}\p{N}/])\d{1,5}(?:\/\d{4})?\/[A-Za-zĐđ&][A-Za-zĐđ&\d]*(?:-[A-Za-zĐđ&][A-Za-zĐđ&\d]*)*(?![\p{L}\p{N}])/gu;

function readReferences(clean: string): string[] {
  const found = [...clean.matchAll(DOCUMENT_NUMBER)].map((m) => m[0]);
  // A code is upper case ("BC") or hyphenated ("kh-ubnd" typed in lower case).
  return [...new Set(found.filter((ref) => /[A-ZĐ]|-/u.test(ref.slice(ref.lastIndexOf("/")))))];
}

// ---------------------------------------------------------------------------------------------
// One-word answers

/** Said while meaning nothing on their own: "dạ", "ạ", "em", "nhé" */
const POLITE = new Set(["a", "da", "vang", "em", "anh", "chi", "nhe", "nha", "oi", "thua"]);
/** What a whole reply of these words most likely means, to confirm with buttons */
const SHORT_ANSWERS = new Map<string, ReplyKind | null>([
  ...["ok", "oke", "okay", "okie", "uh", "u", "um", "uhm", "duoc", "nhan", "ro", "nhat tri", "dong y", "co", "khong", "ko", "k"].map((w): [string, null] => [w, null]),
  ["", null], // nothing but politeness, emoji or punctuation
  ["roi", "done"],
  ["chua", "progress"],
]);
/** "xong?" is a question about being done, not a report of it */
const DONE_WORDS = new Set(["xong", "xong roi", "hoan thanh", "hoan tat"]);

function readShortAnswer(folded: string): { kind: ReplyKind | null } | undefined {
  const words = (folded.match(WORD) ?? []).filter((w) => !POLITE.has(w));
  const key = words.join(" ");
  if (SHORT_ANSWERS.has(key)) return { kind: SHORT_ANSWERS.get(key) ?? null };
  if (folded.includes("?") && DONE_WORDS.has(key)) return { kind: "done" };
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * The bot's question a reply answers, which frames a bare answer: "15/12" to "until which
 * date?" is an extension request for that date; "thiếu kinh phí" to "what is blocking?" says
 * the task is blocked.
 */
export type AnsweredQuestion = "extension" | "blocked";

export function isAnsweredQuestion(purpose: string | undefined): purpose is AnsweredQuestion {
  return purpose === "extension" || purpose === "blocked";
}

/**
 * What an officer's reply says. `answering`: the question it replies to, when the bot asked one.
 * A reply that says something else outright ("xin gia hạn đến 15/12", "đã xong") keeps its
 * own reading where the question allows it.
 */
export function readReplyIntent(text: string, today: string, answering?: AnsweredQuestion): ReplyIntent {
  const intent = readPlainIntent(text, today, false);
  if (answering === "extension" && intent.kind !== "extension_request") return readPlainIntent(text, today, true);
  if (answering === "blocked" && (intent.kind === null || intent.kind === "note")) return { ...intent, kind: "blocked", percent: null, proposedDate: null };
  return intent;
}

/** `asRequest`: the whole reply answers "until which date?", as if it began "xin gia hạn đến". */
function readPlainIntent(text: string, today: string, asRequest: boolean): ReplyIntent {
  const day = parseToday(today);
  const reply = readText(text);
  const short = asRequest ? null : readShortAnswer(reply.folded);
  if (short) {
    const percent = short.kind === "done" ? 100 : null;
    return { kind: short.kind, percent, proposedDate: null, reason: null, references: [], confidence: "weak" };
  }

  const sentences = splitSentences(reply.folded);
  const hits = findHits(reply, sentences);
  // The question asked is the request: a hit before the first word that nothing can negate.
  if (asRequest) hits.unshift({ phrase: INTENT_PHRASES[0]!, start: 0, end: 0, counts: "extension_request" });
  const percent = readPercent(reply.folded, sentences);
  const supported = new Set(hits.map((h) => h.counts));
  if (percent.stated) supported.add("progress");

  let kind: ReplyKind = PRECEDENCE.find((k) => supported.has(k)) ?? "note";
  if (kind === "done" && percent.value !== null && percent.value < 100) kind = "progress";
  if (kind === "progress" && percent.value === 100) kind = "done";

  const request = hits.find((h) => h.counts === "extension_request");
  return {
    kind,
    percent: kind === "done" ? 100 : percent.value,
    proposedDate: request ? readProposedDate(reply.folded, request.end, day) : null,
    reason: kind === "blocked" || kind === "extension_request" ? readReason(reply, sentences, hits) : null,
    references: readReferences(reply.clean),
    confidence: "clear",
  };
}

// ---------------------------------------------------------------------------------------------
// The kind of paper a reply names, against the kind the task makes

export type DocumentKind = "report" | "plan" | "decision" | "resolution" | "directive" | "programme" | "scheme" | "guidance" | "submission" | "letter" | "notice" | "regulation";

/** The code of a document number ("45/KH-STC": "kh"), folded */
const DOCUMENT_CODES: Record<string, DocumentKind> = {
  bc: "report",
  kh: "plan",
  qd: "decision",
  nq: "resolution",
  ct: "directive",
  ctr: "programme",
  da: "scheme",
  hd: "guidance",
  ttr: "submission",
  cv: "letter",
  tb: "notice",
  qc: "regulation",
  qdi: "regulation",
};

/** Folded names of each kind, as a task or a reply writes them */
const DOCUMENT_WORDS: ReadonlyArray<[DocumentKind, string]> = [
  ["report", "bao cao"],
  ["plan", "ke hoach"],
  ["decision", "quyet dinh"],
  ["resolution", "nghi quyet"],
  ["directive", "chi thi"],
  ["programme", "chuong trinh"],
  ["scheme", "de an"],
  ["guidance", "huong dan"],
  ["submission", "to trinh"],
  ["letter", "cong van"],
  ["notice", "thong bao"],
  ["regulation", "quy che|quy dinh"],
];

/** "Kế hoạch số 45", "quyết định 12/…": a name followed by its number */
const NAMED_DOCUMENT = DOCUMENT_WORDS.map(([kind, words]) => ({ kind, re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${words}) (?:so )?\\d`, "u") }));
/** A task makes a paper of a kind when a verb of making stands just before its name. */
const MADE_DOCUMENT = DOCUMENT_WORDS.map(({ 0: kind, 1: words }) => ({
  kind,
  re: new RegExp(
    `(?<![\\p{L}\\p{N}])(?:xay dung|ban hanh|soan thao|lap|trinh|tham muu|hoan thien|sua doi|bo sung|de xuat|phe duyet)(?:[ ,]+[\\p{L}]+){0,3}?[ ,]+(?:${words})(?![\\p{L}\\p{N}])`,
    "u",
  ),
}));
const REPORT_WORD = /(?<![\p{L}\p{N}])bao cao(?![\p{L}\p{N}])/u;

/** The kinds of paper a reply names: by a document number's code or by name with a number. */
function namedDocumentKinds(reply: string): Set<DocumentKind> {
  const kinds = new Set<DocumentKind>();
  for (const reference of readReferences(reply.normalize("NFC"))) {
    const code = foldDiacritics(reference.slice(reference.lastIndexOf("/") + 1).split("-")[0] ?? "");
    const kind = DOCUMENT_CODES[code];
    if (kind) kinds.add(kind);
  }
  const folded = foldWords(reply);
  for (const { kind, re } of NAMED_DOCUMENT) if (re.test(folded)) kinds.add(kind);
  return kinds;
}

/** The kinds of paper a task makes: a report wherever it reports; others when it makes them. */
function productKinds(taskText: string): Set<DocumentKind> {
  const folded = foldWords(taskText);
  const kinds = new Set<DocumentKind>();
  if (REPORT_WORD.test(folded)) kinds.add("report");
  for (const { kind, re } of MADE_DOCUMENT) if (re.test(folded)) kinds.add(kind);
  return kinds;
}

/**
 * A reply that names papers of other kinds only than the task makes ("Sở đã ban hành Kế
 * hoạch số 45/KH-STC" on the annual report task) may speak of other work: the bot asks before
 * it records the task as done. Null when the reply names none, the task's kind is unknown, or
 * they share one.
 */
export function documentMismatch(reply: string, taskText: string): { named: DocumentKind; product: DocumentKind } | null {
  const named = namedDocumentKinds(reply);
  if (named.size === 0) return null;
  const product = productKinds(taskText);
  if (product.size === 0 || [...named].some((kind) => product.has(kind))) return null;
  return { named: [...named][0]!, product: [...product][0]! };
}
