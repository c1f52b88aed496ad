/**
 * Reads the plan's number, title and issue date from the lines before its first part:
 * "(Kèm theo Quyết định số 1861 /QĐ-UBND ngày 30 tháng 5 năm 2022 …)", "Số: 79/KH-UBND",
 * "Thanh Hóa, ngày 19 tháng 3 năm 2022", and the "KẾ HOẠCH …" heading with the line under it.
 */
import { localDateFrom } from "../domain/local-date.js";
import type { DocumentLine } from "./document-lines.js";
import { splitCells, stripEmphasis } from "./table-plan.js";
import { foldDiacritics } from "../domain/text.js";
import { sentenceCase } from "./text.js";
import type { PlanMetadata, PlanWarning } from "./types.js";
import { planTexts } from "./warnings.js";

const attachedTo = /k[eè]m theo\s+(?:quy[eế]t [dđ][iị]nh|k[eế] ho[aạ]ch|c[oô]ng v[aă]n|ngh[iị] quy[eế]t)\s+s[oố]\s*:?\s*(\d+)\s*\/\s*([\p{L}\d-]+)/iu;
const numberLine = /^s[oố]\s*:\s*(\d+)\s*\/\s*([\p{L}\d-]+)/iu;
const dateWords = /ng[aà]y\s+(\d{1,2})\s+th[aá]ng\s+(\d{1,2})\s+n[aă]m\s+(\d{4})/iu;
const dateSlashes = /ng[aà]y\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/iu;
const planHeading = /^(kế hoạch|chương trình|đề án)(\s.*)?$/iu;

function dateIn(text: string): string | null {
  const m = dateWords.exec(text) ?? dateSlashes.exec(text);
  return m ? localDateFrom(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

interface PreambleText {
  line: DocumentLine;
  text: string;
}

/**
 * The preamble's words as Word→Markdown export leaves them: emphasis removed ("*Thanh Hóa,
 * ngày …*"), and the two-column header table ("| Số: 12/KH-UBND | Thanh Hóa, ngày … |") read
 * cell by cell, since each cell is a line of the printed header.
 */
function preambleTexts(preamble: readonly DocumentLine[]): PreambleText[] {
  return preamble.flatMap((line) =>
    line.kind === "table"
      ? splitCells(line.raw)
          .filter((cell) => cell !== "")
          .map((text) => ({ line, text }))
      : [{ line, text: stripEmphasis(line.raw) }],
  );
}

function findCode(texts: readonly PreambleText[]): { code: string; at: PreambleText } | null {
  for (const at of texts) {
    const m = attachedTo.exec(at.text) ?? numberLine.exec(at.text);
    if (m) return { code: `${m[1]}/${m[2]!.toUpperCase()}`, at };
  }
  return null;
}

function findTitle(preamble: readonly DocumentLine[]): string | null {
  for (let i = 0; i < preamble.length; i++) {
    const heading = preamble[i]!;
    if (!planHeading.test(heading.raw) || heading.raw !== heading.raw.toUpperCase()) continue;
    const next = preamble[i + 1];
    const subtitle = next && !/^\(/.test(next.raw) ? ` ${next.raw}` : "";
    const first = sentenceCase(heading.raw);
    return `${first}${subtitle && /^\p{Lu}/u.test(subtitle.trim()) ? subtitle.replace(/^\s*\p{Lu}/u, (c) => c.toLowerCase()) : subtitle}`.trim();
  }
  return null;
}

export function readMetadata(preamble: readonly DocumentLine[], fallbackCode: string, warnings: PlanWarning[]): PlanMetadata {
  const texts = preambleTexts(preamble);
  const found = findCode(texts);
  if (!found) warnings.push({ line: preamble[0]?.line ?? 1, message: planTexts.noCode(fallbackCode) });
  let issuedOn = found ? dateIn(found.at.text) : null;
  // "Thanh Hóa, ngày 30 tháng 5 năm 2022" in the header, when the number line has no date.
  issuedOn ??= texts.map((t) => (/^[\p{L} ]+,\s*ng[aà]y/iu.test(t.text) ? dateIn(t.text) : null)).find(Boolean) ?? null;
  if (!issuedOn) warnings.push({ line: found?.at.line.line ?? preamble[0]?.line ?? 1, message: planTexts.noIssueDate() });
  let title = findTitle(preamble);
  if (!title) {
    warnings.push({ line: preamble[0]?.line ?? 1, message: planTexts.noTitle() });
    title = preamble[0]?.raw ?? fallbackCode;
  }
  const issuer = findIssuer(texts);
  return { code: found?.code ?? fallbackCode, title, issued_on: issuedOn, ...(issuer && { issuer }) };
}

const provinceIssuer = /^(?:uy ban nhan dan|ubnd)\s+(tinh|thanh pho)\s+(.+)$/;
const capitalized = (words: string) => words.toLowerCase().replace(/(^|\s)(\p{L})/gu, (_m, space: string, letter: string) => space + letter.toUpperCase());

/**
 * The issuer as the header names it, written as in running text: "ỦY BAN NHÂN DÂN TỈNH THANH
 * HÓA" → "UBND tỉnh Thanh Hóa", "THỦ TƯỚNG CHÍNH PHỦ" → "Thủ tướng Chính phủ", "BỘ …" → "Bộ …".
 */
function findIssuer(texts: readonly PreambleText[]): string | null {
  const clean = (text: string) =>
    text
      .replace(/-{2,}.*$/u, "")
      .replace(/[*_#]/g, "")
      .trim()
      .replace(/\s+/g, " ");
  const head = texts.slice(0, 12).map((t) => clean(t.text));
  for (const [i, line] of head.entries()) {
    // "ỦY BAN NHÂN DÂN" on one line, "THÀNH PHỐ HỒ CHÍ MINH" on the next
    const words = /^(?:uy ban nhan dan|ubnd)$/.test(foldDiacritics(line).toLowerCase()) && head[i + 1] ? `${line} ${head[i + 1]}` : line;
    if (words === "" || words !== words.toUpperCase()) continue;
    const folded = foldDiacritics(words).toLowerCase();
    const province = provinceIssuer.exec(folded);
    if (province) {
      const place = words.split(" ").slice(-province[2]!.split(" ").length).join(" ");
      return `UBND ${province[1] === "tinh" ? "tỉnh" : "thành phố"} ${capitalized(place)}`;
    }
    if (folded === "thu tuong chinh phu") return "Thủ tướng Chính phủ";
    // "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Bộ Văn hóa, Thể thao và Du lịch"
    if (/^bo\s/.test(folded)) return sentenceCase(words).replace(/(^bộ |, | và )(\p{L})/giu, (_m, before: string, letter: string) => before + letter.toUpperCase());
  }
  return null;
}

/** A preamble line, folded for keyword tests. */
export function foldedRaw(line: DocumentLine): string {
  return foldDiacritics(line.raw);
}
