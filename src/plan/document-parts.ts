/**
 * What of a document is the plan: its boundaries and the shapes text export leaves behind.
 *
 * - "Nơi nhận:" (the distribution list), the signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ
 *   TỊCH …") and the articles that close a decision ("Điều 2. Quyết định này có hiệu lực …") end
 *   what is read, until a plan attached to the decision ("KẾ HOẠCH …") or an appendix starts.
 * - An appendix ("PHỤ LỤC …") is read only for its task table: indicator tables and their
 *   prose are not tasks. Footnotes ("[1] Chương trình số 30-CTr/TU …") are not either.
 * - "Nếu có khó khăn, vướng mắc …" asks to report problems; it assigns nothing.
 * - A table that reaches the text one cell per paragraph (copied out of a PDF) is put back
 *   together as `| c1 | c2 | … |` rows, each on the line of its first cell.
 * - Paragraphs a converter ran together ("IV. TỔ CHỨC THỰC HIỆN 1. Bộ Khoa học và Công nghệ -
 *   Làm đầu mối …") are split back into their part, item and first bullet.
 */
import { classifyLine, type DocumentLine } from "./document-lines.js";
import { readHeader } from "./table-plan.js";
import { foldDiacritics } from "../domain/text.js";

const folded = (line: DocumentLine) => foldDiacritics(line.raw);

const distribution = /^noi nhan\s*:?/;
const signature = /^(tm|kt|tl|tuq)\.\s*(uy ban|ubnd|chu tich|thu tuong|bo truong|giam doc|chanh)/;
const closingArticle = /^dieu\s+([2-9])\s*[.:]/;
const anyArticle = /^dieu\s+\d+\s*[.:]/;
const appendix = /^phu luc\b/;
const attachedPlan = /^(ke hoach|chuong trinh|de an|quy che)(\s|$)/;
const footnote = /^\[\d+\]/;
const problemsClause = /neu co (kho khan|vuong mac|phat sinh)|tren day la ke hoach/;
/** The closing formula "Ủy ban nhân dân tỉnh yêu cầu các cơ quan … nghiêm túc triển khai thực hiện./." (with no report asked). */
const closingFormula = /^(uy ban nhan dan|ubnd) .{0,40}yeu cau .*nghiem tuc (trien khai|thuc hien)(?!.*bao cao)/;

/** A plan title in capitals, as the attached plan starts ("KẾ HOẠCH", "KẾ HOẠCH HÀNH ĐỘNG"). */
function startsAttachedPlan(line: DocumentLine): boolean {
  const text = line.raw.replace(/[*_#]/g, "").trim();
  return attachedPlan.test(foldDiacritics(text)) && text === text.toUpperCase();
}

const headerCell =
  /^(s?tt|nhiem vu.*|noi dung.*|ten nhiem vu.*|co quan chu tri.*|chu tri|co quan phoi hop.*|phoi hop|thoi gian.*|thoi han.*|tien do.*|ket qua.*|san pham.*|don vi chu tri.*|don vi phoi hop.*|ghi chu)$/;

/**
 * A table written one cell per paragraph: a run of short header-like paragraphs ("TT",
 * "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", …) that reads as a task-table header. Its rows
 * start at a number or a Roman numeral; a row with just a numeral and a title is a group row.
 */
function unflatten(lines: readonly DocumentLine[], start: number): { rows: DocumentLine[]; next: number } | null {
  let end = start;
  while (end < lines.length && end - start < 10 && lines[end]!.kind !== "table" && headerCell.test(folded(lines[end]!).replace(/[:.]$/, ""))) end++;
  const width = end - start;
  if (width < 3) return null;
  const header = lines.slice(start, end).map((l) => l.raw);
  const headerRow = classifyLine(`| ${header.join(" | ")} |`, lines[start]!.line);
  if (!readHeader(headerRow)) return null;
  const rows: DocumentLine[] = [headerRow];
  const isNumber = (l: DocumentLine) => /^(\d{1,3}|[IVX]{1,5}(\.\d{1,2})*)\.?$/.test(l.raw.trim());
  let i = end;
  while (i < lines.length) {
    const first = lines[i]!;
    if (!isNumber(first) || appendix.test(folded(first))) break;
    const cells = [first.raw.trim()];
    let j = i + 1;
    while (j < lines.length && cells.length < width && !isNumber(lines[j]!) && !appendix.test(folded(lines[j]!))) cells.push(lines[j++]!.raw);
    rows.push(classifyLine(`| ${cells.map((c) => c.replace(/\|/g, "/")).join(" | ")} |`, first.line));
    i = j;
  }
  return rows.length > 1 ? { rows, next: i } : null;
}

/** "IV. TỔ CHỨC THỰC HIỆN 1. Bộ X - Làm …": a part title in capitals run together with its first item. */
const runTogetherPart = /^([IVX]{1,5}\.\s+[^\p{Ll}]+?)\s+(\d{1,2}\.\s+\p{Lu}.*)$/u;
/** "1. Bộ Khoa học và Công nghệ - Làm đầu mối …": an agency heading run together with its first bullet. */
const runTogetherItem = /^(\d{1,2}\.\s+(?:Bộ|Sở|Ban|Các|Ủy ban|UBND|Văn phòng|Công an|Đài|Ngân hàng)\s[^-–:]{2,80}?)\s+[-–]\s+(\p{Lu}.*)$/u;

function splitRunTogether(line: DocumentLine): DocumentLine[] {
  const part = runTogetherPart.exec(line.raw);
  if (part) return [classifyLine(part[1]!, line.line), ...splitRunTogether(classifyLine(part[2]!, line.line))];
  const item = line.kind === "numbered" ? runTogetherItem.exec(line.raw) : null;
  if (item) return [classifyLine(item[1]!, line.line), classifyLine(`- ${item[2]!}`, line.line)];
  return [line];
}

/** An appendix's title line ("Phụ lục: DANH MỤC NHIỆM VỤ"): it ends the body's prose. */
export function isAppendixTitle(line: DocumentLine): boolean {
  return line.kind !== "table" && appendix.test(folded(line));
}

export interface DocumentParts {
  /** the lines that may hold tasks, in order */
  lines: DocumentLine[];
}

export function selectPlanLines(all: readonly DocumentLine[]): DocumentParts {
  const out: DocumentLine[] = [];
  let skipping = false;
  let inAppendix = false;
  // Paragraphs run together are a sign of a converter that did so throughout.
  const runTogether = all.some((l) => runTogetherPart.test(l.raw));
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const text = folded(line);
    if (appendix.test(text)) {
      skipping = false;
      inAppendix = true;
      out.push(line);
      continue;
    }
    if (line.kind !== "table" && headerCell.test(text.replace(/[:.]$/, ""))) {
      const table = unflatten(all, i);
      if (table) {
        if (!skipping) out.push(...table.rows);
        i = table.next - 1;
        continue;
      }
    }
    if (skipping) {
      if (startsAttachedPlan(line) || (line.kind === "table" && readHeader(line))) skipping = false;
      else continue;
    }
    if (distribution.test(text) || signature.test(text) || closingArticle.test(text)) {
      skipping = true;
      continue;
    }
    if (anyArticle.test(text) || footnote.test(text)) continue;
    if (inAppendix && line.kind !== "table") continue;
    if (line.kind !== "table" && (problemsClause.test(text) || closingFormula.test(text))) continue;
    out.push(...(runTogether && line.kind !== "table" ? splitRunTogether(line) : [line]));
  }
  return { lines: out };
}
