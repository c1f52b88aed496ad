/**
 * Reads the deadline of a task from Vietnamese plan prose or from a table cell (DESIGN.md §2).
 *
 * Pure: no I/O, no clock. The year of the plan comes in through `DeadlineContext`.
 *
 * The reading is a table of rules (pattern + reader). Rules run in table order over the
 * normalized text; each match claims its span, and a later rule may not read inside a claimed
 * span. That is how "định kỳ hằng năm (trước ngày 30/11)" stays one annual schedule instead of
 * also yielding the date 30/11, and how "trước tháng 12 năm 2022" is not read again as
 * "tháng 12 năm 2022".
 *
 * Patterns are written in proper Vietnamese and compiled by `vi()` so that every accented letter
 * also matches its unaccented forms: "trước" matches "truoc" and "trươc", while "quý" (quarter)
 * still does not match "quỹ" (fund) or "quỳ".
 *
 * Traps are avoided by demanding a cue rather than by listing exceptions: a bare "năm 2025",
 * "giai đoạn 2021 - 2025" or "đến năm 2030" is almost always inside the title of a cited
 * document, so a year becomes a deadline only after "trong/vào/cuối/trước/hoàn thành", and a
 * span becomes a horizon only after "phấn đấu", "hoàn thành", or at the head of a clause.
 */
import { foldDiacritics } from "../domain/text.js";
import type { Deadline } from "../domain/deadline.js";
import { endOfMonthDate, localDateFrom, type LocalDate } from "../domain/local-date.js";

export interface DeadlineContext {
  /** Year of the plan, for phrases without a year ("trước ngày 15/12"). */
  year?: number;
}

export interface DeadlineResult {
  deadline: Deadline;
  /** Time-like fragments seen but not understood, to become warnings. */
  unrecognized: string[];
}

// ---------------------------------------------------------------------------------------------
// Text

/** NFC, odd spaces to plain ones, runs collapsed: the text every phrase is a substring of. */
function normalize(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

const fold = foldDiacritics;

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/** A letter, the same without its tone mark ("ớ" → "ơ"), and its bare form ("o"). */
function letterForms(letter: string): string {
  const toneless = letter.normalize("NFD").replace(TONE_MARKS, "").normalize("NFC");
  return [...new Set([letter, toneless, fold(letter)])].join("");
}

/**
 * Compiles a pattern written with diacritics into one that also accepts text typed without
 * them, letter by letter. Case-insensitive; `g` so it can drive `matchAll`.
 */
function vi(source: string): RegExp {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? "";
    if (ch === "\\") {
      out += ch + (source[++i] ?? "");
    } else if (ch.charCodeAt(0) > 0x7f && /\p{L}/u.test(ch)) {
      const forms = letterForms(ch);
      out += inClass || forms.length === 1 ? forms : `[${forms}]`;
    } else {
      if (ch === "[") inClass = true;
      if (ch === "]") inClass = false;
      out += ch;
    }
  }
  return new RegExp(out, "giu");
}

// Pattern pieces (compiled later by `vi`). After whitespace collapsing a space is always " ".
const START = String.raw`(?<![\p{L}\p{N}])`;
const END = String.raw`(?![\p{L}\p{N}])`;
const NUM_END = String.raw`(?!\d)`;
const SEP = String.raw`(?: ?[/-] ?|\.)`;
const DASH = " ?[-–—] ?";
const NOT_MORE_DATE = `(?!${SEP}\\d)`;
const DAY_MONTH = String.raw`(?<d>\d{1,2})(?:${SEP}| tháng )(?<m>\d{1,2})${NUM_END}`;
const YEAR_TAIL = String.raw`(?:(?:${SEP}| năm )(?<y>\d{4})${NUM_END})`;
/** The year after a month or quarter: "tháng 7 năm 2022", "Quý IV/2026". */
const PERIOD_YEAR = String.raw`(?:(?: năm | ?[/-] ?)(?<y>\d{4})${NUM_END})`;
/** "quý" (quarter); "quí" is the older spelling. */
const QUY = "qu(?:ý|í)";
const QUARTER = String.raw`${QUY} (?<q>[ivx]{1,4}|\d{1,2})${END}`;
const oneOf = (...alternatives: string[]): string => `(?:${alternatives.join("|")})`;
const BY = oneOf("trước", "chậm nhất(?: là)?", "hạn chót(?: là)?", "không muộn hơn");
const EVERY = oneOf("hằng", "hàng", "mỗi");
const PERIODIC = "định k(?:ỳ|ì)";
const TOWARD = oneOf("đến hết", "đến", "tới");
/** Head of a sentence or clause: text start, after . ; : ! ? …, or after a bullet dash. */
const CLAUSE_START = "(?<=^|[.;:!?…] |^[-–—•+*] )";
const PERIOD_WORD = oneOf("giai đoạn", "thời k(?:ỳ|ì)");
const YEAR_RANGE = String.raw`(?<y1>\d{4})${DASH}(?<y2>\d{4})${NUM_END}`;
/** "năm 2025" or "giai đoạn 2021 - 2025"; a lone year must not be the start of a range. */
const SPAN = oneOf(String.raw`năm (?<y>\d{4})${NUM_END}(?!${DASH}\d)`, `${oneOf(PERIOD_WORD, "năm")} ${YEAR_RANGE}`);
/** What a conditional task waits for. */
const TRIGGER = oneOf("hướng dẫn", "phê duyệt", "ban hành", "thông qua", "chấp thuận", "cho phép", "đồng ý", "có ý kiến", "có quyết định", "có văn bản", "hoàn thành");
const OF_WHOM = "(?: của [^,.;:()]{1,80})?";

// ---------------------------------------------------------------------------------------------
// Calendar on plain integers

function isPlausibleYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1900 && year <= 2199;
}

/** The date, or null when it does not exist (31/02, month 13, year 20222). */
function validDate(year: number, month: number, day: number): LocalDate | null {
  return isPlausibleYear(year) ? localDateFrom(year, month, day) : null;
}

function endOfMonth(year: number, month: number): LocalDate | null {
  return isPlausibleYear(year) && month >= 1 && month <= 12 ? endOfMonthDate(year, month) : null;
}

function quarterNumber(text: string): number | null {
  const roman: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
  const q = roman[fold(text)] ?? Number(text);
  return Number.isInteger(q) && q >= 1 && q <= 4 ? q : null;
}

// ---------------------------------------------------------------------------------------------
// Readers: named groups of a match → what it means

/** What a deadline means, before the phrase it was read from is attached. */
type Reading = {
  [K in Deadline["kind"]]: Omit<Extract<Deadline, { kind: K }>, "phrase">;
}[Deadline["kind"]];
/** A reading; UNREADABLE = a time phrase that makes no sense; null = not a deadline after all. */
type Outcome = Reading | typeof UNREADABLE | null;
type Groups = Partial<Record<string, string>>;
type Reader = (g: Groups, context: DeadlineContext) => Outcome;

const UNREADABLE = "unreadable";

const num = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

function asDate(date: LocalDate | null): Outcome {
  return date === null ? UNREADABLE : { kind: "date", date };
}

const readDay: Reader = (g, ctx) => {
  const year = num(g.y) ?? ctx.year;
  return year === undefined ? UNREADABLE : asDate(validDate(year, Number(g.m), Number(g.d)));
};

/** "tháng 12/2025": last day of the month. */
const readMonth: Reader = (g, ctx) => {
  const year = num(g.y) ?? ctx.year;
  return year === undefined ? UNREADABLE : asDate(endOfMonth(year, Number(g.m)));
};

/** "Quý IV năm 2022": last day of the quarter. */
const readQuarter: Reader = (g, ctx) => {
  const year = num(g.y) ?? ctx.year;
  const q = quarterNumber(g.q ?? "");
  return year === undefined || q === null ? UNREADABLE : asDate(endOfMonth(year, q * 3));
};

/**
 * In prose a bare "tháng 7" or "quý I" (no year, no "trong/cuối/vào") is too weak to be a
 * deadline ("báo cáo quý I" names a report); a cell holding only "Tháng 12" is not.
 */
const withCueOrYear =
  (read: Reader): Reader =>
  (g, ctx) =>
    g.y === undefined && g.cue === undefined ? null : read(g, ctx);

/** "trước tháng 12 năm 2022" means before December starts: the last day of November. */
const readBeforeMonth: Reader = (g, ctx) => {
  const year = num(g.y ?? g.y2) ?? ctx.year;
  const month = Number(g.m ?? g.m2);
  if (year === undefined || month < 1 || month > 12) return UNREADABLE;
  return asDate(month === 1 ? endOfMonth(year - 1, 12) : endOfMonth(year, month - 1));
};

const readBeforeQuarter: Reader = (g, ctx) => {
  const year = num(g.y) ?? ctx.year;
  const q = quarterNumber(g.q ?? "");
  if (year === undefined || q === null) return UNREADABLE;
  return asDate(q === 1 ? endOfMonth(year - 1, 12) : endOfMonth(year, (q - 1) * 3));
};

const readYear: Reader = (g) => asDate(endOfMonth(Number(g.y), 12));
const readBeforeYear: Reader = (g) => asDate(endOfMonth(Number(g.y) - 1, 12));

/** "đến năm 2025", "giai đoạn 2021 - 2025": the last day of the span. */
const readHorizon: Reader = (g) => {
  const last = Number(g.y ?? g.y2);
  if (g.y1 !== undefined && Number(g.y1) > last) return UNREADABLE;
  const date = endOfMonth(last, 12);
  return date === null ? UNREADABLE : { kind: "horizon", date };
};

/** "hằng năm / hằng quý / hằng tháng", with the day (and month) when the text gives one. */
const readSchedule: Reader = (g) => {
  const unit = fold(g.u ?? "");
  const day = num(g.d);
  const month = num(g.m);
  if (unit === "nam") {
    if (day === undefined || month === undefined) return { kind: "annual" };
    // Any year works for the check as long as it is a leap year: 29/02 is a valid annual day.
    return validDate(2000, month, day) === null ? UNREADABLE : { kind: "annual", month, day };
  }
  if (unit === "6 thang" || unit === "sau thang" || unit === "06 thang" || unit === "nua nam") {
    if (day === undefined || month === undefined) return { kind: "semiannual" };
    return validDate(2000, month, day) === null ? UNREADABLE : { kind: "semiannual", month, day };
  }
  if (day !== undefined && (day < 1 || day > 31)) return UNREADABLE;
  const kind = unit.startsWith("q") ? "quarterly" : "monthly";
  return day === undefined ? { kind } : { kind, day };
};

const always =
  (reading: Outcome): Reader =>
  () =>
    reading;

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * Precedence between kinds when a text holds several: an explicit date wins over a schedule,
 * which wins over a horizon, then a condition, then a stated "no deadline".
 */
const RANK = { date: 0, recurring: 1, horizon: 2, conditional: 3, stated: 4, adverb: 5 } as const;
type Rank = (typeof RANK)[keyof typeof RANK];

interface Rule {
  rank: Rank;
  pattern: RegExp;
  read: Reader;
  /**
   * A cheap test on the folded text (no diacritics, lower case) that any match needs: most task
   * texts hold no deadline words, and skipping the Unicode-aware pattern for them keeps a whole
   * plan's parse well under its 50 ms budget.
   */
  hint: RegExp | null;
}

const rule = (rank: Rank, source: string, read: Reader, hint: RegExp | null = null): Rule => ({
  rank,
  pattern: vi(START + source),
  read,
  hint,
});
const cellRule = (rank: Rank, source: string, read: Reader): Rule => ({
  rank,
  pattern: vi(`^(?:${source})$`),
  read,
  hint: null,
});
/** A rule that only recognizes trouble; its rank never matters since it yields no candidate. */
const unreadable = (source: string, hint: RegExp | null = null): Rule => rule(RANK.adverb, source, always(UNREADABLE), hint);

const DAY_OF = `${oneOf(BY, "vào")}(?: ngày)?`;
const SCHEDULE = `(?:${PERIODIC} )?${EVERY}`;
const DAY = String.raw`(?<d>\d{1,2})${NUM_END}`;
const LAST_MONTH_OF = `(?:tháng cuối (?:của )?(?:mỗi )?|${EVERY} )`;

/** Schedules that carry a day: claimed first, before their day is read as a date. */
const SCHEDULE_HINT = /\b(hang|moi) (nam|quy|qui|thang)\b|dinh k|cuoi (cua )?(moi )?qu[yi]/;
/** Six months: "6 tháng", "06 tháng", "sáu tháng", "nửa năm". */
const HALF_YEAR = "(?:0?6 tháng|sáu tháng|nửa năm)";
const UNIT = `(?:năm|${QUY}|tháng|${HALF_YEAR})`;
/** "định kỳ hằng tháng, 6 tháng và hằng năm": the cadences after the first one of a list. */
const LIST_BEFORE = `(?<=(?:${PERIODIC}|${EVERY}) ${UNIT}(?:(?:,| và| hoặc|, và) (?:${EVERY} )?${UNIT})*(?:,| và| hoặc|, và) )`;
const SCHEDULE_RULES: Rule[] = [
  rule(RANK.recurring, `(?:${PERIODIC} |${EVERY} )(?<u>${HALF_YEAR})(?: (?:một|1) lần)?${END}`, readSchedule, /(dinh k[yi]|hang|moi) (0?6 thang|sau thang|nua nam)/),
  rule(RANK.recurring, `${LIST_BEFORE}(?:${EVERY} )?(?<u>${UNIT})${END}`, readSchedule, /(dinh k|hang|moi)/),
  // "Thường xuyên, hằng năm": a standing task that is also reported every year.
  rule(RANK.recurring, `thường xuyên,? (?:và )?${EVERY} (?<u>năm|${QUY}|tháng)${END}`, readSchedule, /thuong xuyen/),
  rule(RANK.recurring, `${SCHEDULE} (?<u>năm) \\(${DAY_OF} ${DAY_MONTH}\\)`, readSchedule, SCHEDULE_HINT),
  rule(RANK.recurring, `${SCHEDULE} (?<u>năm),? ${DAY_OF} ${DAY_MONTH}${NOT_MORE_DATE}`, readSchedule),
  rule(RANK.recurring, `${DAY_OF} ${DAY_MONTH} (?:của )?${EVERY} (?<u>năm)${END}`, readSchedule, SCHEDULE_HINT),
  // "Định kỳ hằng năm, … gửi báo cáo … chậm nhất ngày 15 tháng 12": the day may come later in the sentence.
  rule(RANK.recurring, `${PERIODIC} ${EVERY} (?<u>năm)[^.;]{0,200}?${BY}(?: ngày)? ${DAY_MONTH}${NOT_MORE_DATE}(?!(?: năm | ?[/-] ?)\\d)`, readSchedule, /dinh k[yi] (hang|moi) nam/),
  rule(RANK.recurring, `${SCHEDULE} (?<u>${QUY}|tháng) \\(${DAY_OF} ${DAY}\\)`, readSchedule, SCHEDULE_HINT),
  rule(RANK.recurring, `${SCHEDULE} (?<u>${QUY}|tháng),? ${DAY_OF} ${DAY}(?!${SEP}\\d| tháng)`, readSchedule),
  rule(RANK.recurring, `${DAY_OF} ${DAY} (?:của )?${EVERY} (?<u>tháng)${END}`, readSchedule, SCHEDULE_HINT),
  rule(RANK.recurring, `${DAY_OF} ${DAY} (?:của )?${LAST_MONTH_OF}(?<u>${QUY})${END}`, readSchedule, SCHEDULE_HINT),
  // "hằng năm" after a noun is an adjective ("kế hoạch đầu tư công hằng năm"): a schedule only
  // after "định kỳ" or at the head of a clause, where it has no noun to qualify ("Hằng năm, …").
  rule(RANK.recurring, `${PERIODIC} ${EVERY} (?<u>năm|${QUY}|tháng)${END}`, readSchedule, SCHEDULE_HINT),
  rule(RANK.recurring, `${CLAUSE_START}${EVERY} (?<u>năm|${QUY}|tháng)${END}`, readSchedule, SCHEDULE_HINT),
  unreadable(`${PERIODIC} (?:\\d+ (?:tháng|năm|tuần|ngày)|${EVERY} (?:tuần|ngày))${END}`, /dinh k/),
];

const DATE_CUE = "(?:(?<cue>trong|cuối|vào|hết) )?";
const LONE_YEAR = String.raw`(?<y>\d{4})${NUM_END}(?!${DASH}\d)`;

/** "Từ tháng 11/2025 đến khi kết thúc …": a start with no end is no deadline (and worth a warning). */
const START_ONLY_RULES: Rule[] = [unreadable(`từ (?:ngày |tháng |quý |năm )?[\\divx/ .-]{1,12} đến khi [^.;]*`, /den khi/)];

const DATE_RULES: Rule[] = [
  rule(RANK.date, `${BY}(?: ngày)? ${DAY_MONTH}${YEAR_TAIL}?${NOT_MORE_DATE}`, readDay, /truoc|cham nhat|han chot|khong muon/),
  // "từ ngày 01/01/2026 đến ngày 31/3/2026", "đến hết ngày 31/3": the end of the span.
  rule(RANK.date, `${TOWARD} ngày ${DAY_MONTH}${YEAR_TAIL}?${NOT_MORE_DATE}`, readDay, /(den|toi)( het)? ngay/),
  rule(RANK.date, `${TOWARD} tháng (?<m>\\d{1,2})${NUM_END}${PERIOD_YEAR}`, readMonth, /(den|toi)( het)? thang/),
  // "Tháng 11 - 12/2025": the end of the range.
  rule(RANK.date, `${DATE_CUE}tháng \\d{1,2} ?[-–] ?(?:tháng )?(?<m>\\d{1,2})${NUM_END}${PERIOD_YEAR}`, readMonth, /thang \d{1,2} ?[-–]/),
  rule(RANK.date, oneOf(`trước tháng (?<m>\\d{1,2})${NUM_END}${PERIOD_YEAR}?`, `trước (?<m2>\\d{1,2}) ?[/-] ?(?<y2>\\d{4})${NUM_END}`), readBeforeMonth, /truoc/),
  rule(RANK.date, `trước ${QUARTER}${PERIOD_YEAR}?`, readBeforeQuarter, /truoc/),
  rule(RANK.date, `trước năm ${LONE_YEAR}`, readBeforeYear, /truoc/),
  // "ngày 30 tháng 5 năm 2022" is a full date (an issue date when cited), not a month.
  rule(RANK.date, `${DATE_CUE}(?<!ngày \\d{1,2} )tháng (?<m>\\d{1,2})${NUM_END}${PERIOD_YEAR}?`, withCueOrYear(readMonth), /thang \d/),
  rule(RANK.date, `${DATE_CUE}${QUARTER}${PERIOD_YEAR}?`, withCueOrYear(readQuarter), /\bqu[yi] ([ivx]+|\d)/),
  rule(RANK.date, `${oneOf("trong", "vào", "cuối", "hoàn thành")} năm ${LONE_YEAR}`, readYear, /nam \d{4}/),
];

// A span in a cited title ("Đề án … giai đoạn 2021 - 2025") has no cue and is left alone;
// "phấn đấu thành lập 30 doanh nghiệp" has no year after "phấn đấu" and is left alone too.
const HORIZON_RULES: Rule[] = [
  rule(RANK.horizon, `phấn đấu ${oneOf(TOWARD, "trong")} ${SPAN}`, readHorizon, /phan dau (den|toi|trong)/),
  rule(
    RANK.horizon,
    `${oneOf("hoàn thành", "thực hiện xong")}(?: ${oneOf(TOWARD, "trong")})? ${SPAN}`,
    readHorizon,
    /(hoan thanh|thuc hien xong)( (den het|den|toi|trong))? (nam|giai doan|thoi k)/,
  ),
  rule(RANK.horizon, `${oneOf("thực hiện", "triển khai")} trong ${PERIOD_WORD} ${YEAR_RANGE}`, readHorizon, /(thuc hien|trien khai) trong (giai doan|thoi k)/),
  // At the head of a clause a span governs the clause ("Đến năm 2025, tỷ lệ … đạt 100%"); without
  // "đến" it must be set off by a comma ("Giai đoạn 2021 - 2025, có …") to be more than a name.
  rule(RANK.horizon, `${CLAUSE_START}${oneOf(TOWARD, "trong")} ${SPAN}`, readHorizon, /(den|toi|trong) (nam|giai doan|thoi k)/),
  rule(RANK.horizon, `${CLAUSE_START}${SPAN}(?=,)`, readHorizon, /\d{4},/),
];

const waiting = always({ kind: "conditional" });
const CONDITIONAL_RULES: Rule[] = [
  rule(RANK.conditional, `sau khi [^.;:]{0,120}?${TRIGGER}${END}${OF_WHOM}`, waiting, /sau khi/),
  rule(RANK.conditional, `(?<!sau )khi (?:có|được) [^,.;:]{0,60}?${TRIGGER}${END}${OF_WHOM}`, waiting, /khi (co|duoc) /),
  rule(RANK.conditional, `theo lộ trình(?: (?:của|do|được) [^,.;:()]{1,100})?`, waiting, /lo trinh/),
];

const noDeadline = always({ kind: "none" });
const NONE_RULES: Rule[] = [
  rule(RANK.stated, `${oneOf("vào thời điểm phù hợp", "khi cần thiết")}${END}`, noDeadline, /phu hop|can thiet/),
  // "chi thường xuyên" is recurrent spending, a budget term.
  rule(RANK.adverb, `${oneOf("(?<!chi )thường xuyên", "kịp thời", "theo quy định")}${END}`, noDeadline, /thuong xuyen|kip thoi|quy dinh/),
];

/** Time-like leftovers no rule understood ("trước ngày 15/12/25", "trước ngày 15"). */
const LEFTOVER_RULES: Rule[] = [unreadable(String.raw`trước(?: ngày)? \d{1,2}[/.-]\d+(?:[/.-]\d+)*`, /truoc/), unreadable(`trước ngày \\d{1,2}${NUM_END}`, /truoc/)];

const PROSE_RULES: Rule[] = [...SCHEDULE_RULES, ...START_ONLY_RULES, ...DATE_RULES, ...HORIZON_RULES, ...CONDITIONAL_RULES, ...NONE_RULES, ...LEFTOVER_RULES];

/** A cell holds nothing but the deadline, so bare forms are safe there ("2023", "Hằng năm"). */
const CELL_RULES: Rule[] = [
  cellRule(RANK.date, "(?:năm )?(?<y>\\d{4})", readYear),
  cellRule(RANK.recurring, `${SCHEDULE} (?<u>năm|${QUY}|tháng|${HALF_YEAR})`, readSchedule),
  cellRule(RANK.recurring, `thường xuyên,? (?:và )?${SCHEDULE} (?<u>năm|${QUY}|tháng)`, readSchedule),
  cellRule(RANK.date, "(?:tháng )?\\d{1,2} ?[-–] ?(?<m>\\d{1,2}) ?[/-] ?(?<y>\\d{4})", readMonth),
  cellRule(RANK.date, `(?:ngày )?${DAY_MONTH}${YEAR_TAIL}?`, readDay),
  cellRule(RANK.date, "(?:tháng )?(?<m>\\d{1,2}) ?[/-] ?(?<y>\\d{4})", readMonth),
  cellRule(RANK.date, `(?:(?:trong|cuối) )?tháng (?<m>\\d{1,2})${PERIOD_YEAR}?`, readMonth),
  cellRule(RANK.date, `(?:(?:trong|cuối) )?${QUARTER}${PERIOD_YEAR}?`, readQuarter),
  cellRule(RANK.horizon, `${TOWARD} ${SPAN}`, readHorizon),
  cellRule(RANK.horizon, `(?:${oneOf(PERIOD_WORD, "năm")} )?${YEAR_RANGE}`, readHorizon),
];

// ---------------------------------------------------------------------------------------------
// Engine

interface Candidate {
  rank: Rank;
  start: number;
  deadline: Deadline;
}

interface Scan {
  candidates: Candidate[];
  unreadable: Array<{ start: number; phrase: string }>;
}

/** Runs the rules in order; a match may not overlap a span an earlier match claimed. */
function scan(text: string, rules: Rule[], context: DeadlineContext): Scan {
  const claimed: Array<[number, number]> = [];
  const result: Scan = { candidates: [], unreadable: [] };
  const folded = fold(text);
  for (const { rank, pattern, read, hint } of rules) {
    if (hint && !hint.test(folded)) continue;
    // exec with lastIndex rather than matchAll: matchAll clones the RegExp on every call,
    // which costs more than the search itself on short texts.
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0] === "") pattern.lastIndex++;
      const start = match.index;
      const end = start + match[0].length;
      if (claimed.some(([s, e]) => start < e && s < end)) continue;
      const outcome = read(match.groups ?? {}, context);
      if (outcome === null) continue;
      claimed.push([start, end]);
      if (outcome === UNREADABLE) result.unreadable.push({ start, phrase: match[0] });
      else result.candidates.push({ rank, start, deadline: { ...outcome, phrase: match[0] } });
    }
  }
  return result;
}

/**
 * The best candidate by kind; among equals the one closest to the end of the text, with no
 * warning for the others. A task may say "hoàn thành trước ngày X; báo cáo trước ngày Y": the
 * last-named deadline is the one the task is finally judged by (the report follows the work).
 */
function choose({ candidates, unreadable }: Scan): DeadlineResult {
  const best = [...candidates].sort((a, b) => a.rank - b.rank || b.start - a.start)[0];
  return {
    deadline: best?.deadline ?? { kind: "none", phrase: null },
    unrecognized: [...unreadable].sort((a, b) => a.start - b.start).map((u) => u.phrase),
  };
}

/** Finds the deadline of a task inside its full prose text (several sentences). */
export function extractDeadline(text: string, context: DeadlineContext = {}): DeadlineResult {
  return choose(scan(normalize(text), PROSE_RULES, context));
}

const recurringKinds = new Set(["annual", "semiannual", "quarterly", "monthly"]);

/**
 * Every schedule a text sets, for a task that must become several: "báo cáo định kỳ hằng
 * tháng, 6 tháng và hằng năm" is three reports (one per cadence), and "hoàn thành trước
 * 30/6/2026; định kỳ hằng năm báo cáo" a one-off task and a yearly report. Otherwise one
 * deadline, the one `extractDeadline` chooses.
 */
export function extractDeadlines(text: string, context: DeadlineContext = {}): DeadlineResult[] {
  const found = scan(normalize(text), PROSE_RULES, context);
  const single = choose(found);
  const byKind = new Map<string, Candidate>();
  for (const c of [...found.candidates].sort((a, b) => a.start - b.start)) {
    if (recurringKinds.has(c.deadline.kind) && !byKind.has(c.deadline.kind)) byKind.set(c.deadline.kind, c);
  }
  const dated = found.candidates.filter((c) => c.deadline.kind === "date").sort((a, b) => b.start - a.start)[0];
  const many = [...(dated ? [dated] : []), ...[...byKind.values()]];
  if (byKind.size === 0 || many.length < 2) return [single];
  return many.map((c, i) => ({ deadline: c.deadline, unrecognized: i === 0 ? single.unrecognized : [] }));
}

/**
 * Reads a table cell whose whole content is the deadline ("Quý IV/2026", "Hằng năm", "2023").
 * Anything non-empty it cannot read → kind "none" with the cell in `unrecognized`.
 */
export function parseDeadlineCell(cell: string, context: DeadlineContext = {}): DeadlineResult {
  const trimmed = normalize(cell).replace(/[.;]+$/u, "");
  // "Năm 2025 và các năm tiếp theo", "Quý IV năm 2025 và các năm tiếp theo": every year from then.
  const everyYear = vi(" và (?:các|những) năm (?:tiếp theo|sau)$");
  if (everyYear.test(trimmed)) {
    everyYear.lastIndex = 0;
    const first = parseDeadlineCell(trimmed.replace(everyYear, ""), context).deadline;
    if (first.kind === "date") {
      const byYear = /^(?:năm |nam )?\d{4}$/iu.test(first.phrase);
      const [, month, day] = first.date.split("-").map(Number);
      return { deadline: byYear ? { kind: "annual", phrase: trimmed } : { kind: "annual", month: month!, day: day!, phrase: trimmed }, unrecognized: [] };
    }
  }
  const text = trimmed;
  if (text === "") return { deadline: { kind: "none", phrase: null }, unrecognized: [] };
  const whole = scan(text, CELL_RULES, context);
  const readAsCell = whole.candidates.length + whole.unreadable.length > 0;
  const result = choose(readAsCell ? whole : scan(text, PROSE_RULES, context));
  const unread = result.deadline.kind === "none" && result.deadline.phrase === null;
  return unread ? { deadline: result.deadline, unrecognized: [text] } : result;
}
