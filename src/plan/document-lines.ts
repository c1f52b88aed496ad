/**
 * Splits a plan document into classified lines, keeping each line's number. Markdown
 * decorations ("## ", "**a)**") are removed; the numbering marks are recognised here.
 */
import { cleanLine } from "./text.js";

export type LineKind = "part" | "numbered" | "letter" | "bullet" | "subbullet" | "text" | "table";

export interface DocumentLine {
  /** 1-based line number in the source */
  line: number;
  kind: LineKind;
  /** "III" for a part, "1.4" for a numbered item, "a" for a letter, "" otherwise */
  label: string;
  /** the line without its mark */
  text: string;
  /** the whole cleaned line */
  raw: string;
}

const romanPart = /^([IVX]{1,5})[.:]\s+(\S.*)$/u;
const numbered = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$|^(\d{1,2})[.)]\s+(\S.*)$/u;
const lettered = /^([a-zđ])[).]\s*(\S.*)$/u;
const bullet = /^[-–—+•*]\s*(\S.*)$/u;

function stripMarkdown(line: string): string {
  return line
    .replace(/^#{1,6}\s+/, "")
    .replace(/^(\*\*|__)(.+?)\1/, "$2")
    .replace(/^(\*\*|__)(.*)\1$/, "$2")
    .trim();
}

export function isTableLine(line: string): boolean {
  return (line.match(/\|/g)?.length ?? 0) >= 2 || (line.match(/\t/g)?.length ?? 0) >= 2;
}

/**
 * A table row without its outer spaces. Tabs stay: in a tab-separated row a leading or trailing
 * tab is an empty cell ("\tcòn tiếp\t\t" continues the row above in its second column).
 */
function trimRow(source: string): string {
  return source.replace(/^[ \u00a0]+|[ \u00a0]+$/g, "");
}

export function classifyLine(source: string, line: number): DocumentLine {
  if (isTableLine(source)) {
    const row = trimRow(source);
    return { line, kind: "table", label: "", text: row, raw: row };
  }
  const raw = stripMarkdown(source);
  let m = romanPart.exec(raw);
  if (m) return { line, kind: "part", label: m[1]!, text: m[2]!, raw };
  m = numbered.exec(raw);
  if (m) return { line, kind: "numbered", label: (m[1] ?? m[3])!, text: (m[2] ?? m[4])!, raw };
  m = lettered.exec(raw);
  if (m) return { line, kind: "letter", label: m[1]!, text: m[2]!, raw };
  m = bullet.exec(raw);
  // "+" marks the second level of bullets, under a "-" one
  if (m) return { line, kind: raw.startsWith("+") ? "subbullet" : "bullet", label: "", text: m[1]!, raw };
  return { line, kind: "text", label: "", text: raw, raw };
}

/** Every non-blank line of the document, classified. */
export function readLines(document: string): DocumentLine[] {
  const lines: DocumentLine[] = [];
  document.split(/\r\n|\r|\n/).forEach((source, index) => {
    if (isTableLine(source)) {
      lines.push(classifyLine(source, index + 1));
      return;
    }
    const text = cleanLine(source);
    if (text !== "") lines.push(classifyLine(text, index + 1));
  });
  return lines;
}
