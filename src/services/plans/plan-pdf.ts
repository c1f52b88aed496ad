/**
 * A PDF's text layer → plan text, through pdf.js. Lines are rebuilt from the positions of the
 * text pieces; a paragraph wrapped over several lines becomes one line again; a table (three or
 * more pieces on a line, far apart, and the lines under them aligned on the same columns)
 * becomes `| c1 | c2 | … |` rows, the lines of one table row (a cell wrapped inside its column)
 * merged cell by cell. A PDF with pages but no text is a scan and is refused.
 */
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { planFileTexts } from "../../texts/plan-files.js";
import { PlanFileError } from "./plan-file-error.js";

interface Piece {
  text: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

interface Line {
  y: number;
  size: number;
  pieces: Piece[];
  /** runs of pieces with no wide gap between them */
  segments: Piece[];
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
// Loaded on the first PDF: most imports are text or Word, and pdf.js is large.
let pdfjs: Promise<PdfJs> | null = null;

async function pageLines(page: PDFPageProxy): Promise<Line[]> {
  const content = await page.getTextContent();
  const pieces: Piece[] = [];
  for (const item of content.items) {
    if (!("str" in item) || item.str.trim() === "") continue;
    const size = Math.hypot(item.transform[2]!, item.transform[3]!) || item.height || 10;
    const x = item.transform[4]!;
    pieces.push({ text: item.str, x, y: item.transform[5]!, end: x + item.width, size });
  }
  pieces.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const piece of pieces) {
    const line = lines.find((l) => Math.abs(l.y - piece.y) < Math.min(l.size, piece.size) * 0.5);
    if (line) line.pieces.push(piece);
    else lines.push({ y: piece.y, size: piece.size, pieces: [piece], segments: [] });
  }
  for (const line of lines) {
    line.pieces.sort((a, b) => a.x - b.x);
    line.segments = segmentsOf(line);
  }
  return lines.sort((a, b) => b.y - a.y);
}

/** Pieces closer than about two thirds of the font size are one segment (words of one phrase); table cells lie further apart. */
function segmentsOf(line: Line): Piece[] {
  const segments: Piece[] = [];
  for (const piece of line.pieces) {
    const last = segments.at(-1);
    if (last && piece.x - last.end < line.size * 0.6) {
      const space = piece.x - last.end > line.size * 0.15 && !/\s$/.test(last.text) && !/^\s/.test(piece.text) ? " " : "";
      last.text += space + piece.text;
      last.end = Math.max(last.end, piece.end);
    } else {
      segments.push({ ...piece });
    }
  }
  for (const s of segments) s.text = s.text.replace(/\s+/g, " ").trim();
  return segments.filter((s) => s.text !== "");
}

const marked = /^(?:[IVX]{1,5}[.:]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zđ][).]|[-–—+•*])\s/u;

interface Table {
  columns: number[];
  rows: string[][];
  lastY: number;
}

/** The column a segment falls in, or -1 when it crosses a column boundary (prose, not a cell). */
function columnOf(columns: readonly number[], segment: Piece, tolerance: number): number {
  let index = -1;
  columns.forEach((x, i) => {
    if (segment.x >= x - tolerance) index = i;
  });
  if (index < 0) return -1;
  const next = columns[index + 1];
  return next === undefined || segment.end <= next + tolerance ? index : -1;
}

function renderRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, "/")).join(" | ")} |`;
}

/** Lines of all pages → the document's text lines. */
function assemble(pages: readonly Line[][]): string[] {
  const out: string[] = [];
  let table: Table | null = null;
  let paragraph: { text: string; end: number; size: number; y: number } | null = null;
  const flushTable = () => {
    if (table) out.push("", ...table.rows.map(renderRow), "");
    table = null;
  };
  const flushParagraph = () => {
    if (paragraph) out.push(paragraph.text);
    paragraph = null;
  };
  for (const lines of pages) {
    const right = Math.max(0, ...lines.map((l) => l.segments.at(-1)?.end ?? 0));
    for (const line of lines) {
      const tolerance = line.size;
      if (table) {
        const t: Table = table;
        // A column whose first text sits lower (a number centred in the header row) shows up
        // later, left of the columns seen so far: it becomes the first column.
        const first = line.segments[0];
        if (first && first.x < t.columns[0]! - tolerance && first.end <= t.columns[0]! + tolerance && line.segments.slice(1).every((s) => s.x >= t.columns[0]! - tolerance)) {
          t.columns.unshift(first.x);
          for (const row of t.rows) row.unshift("");
        }
        // A merged cell (a section title across the columns) still starts in its column when the
        // row has a number in the first one.
        const starts = line.segments.map((s) => columnOf(t.columns, { ...s, end: s.x }, tolerance));
        const places = line.segments.map((s, i) => (columnOf(t.columns, s, tolerance) >= 0 || (starts[0] === 0 && i > 0) ? starts[i]! : -1));
        if (places.every((p) => p >= 0) && line.segments.length > 0) {
          const cells = t.columns.map(() => "");
          line.segments.forEach((s, i) => {
            cells[places[i]!] = cells[places[i]!] ? `${cells[places[i]!]} ${s.text}` : s.text;
          });
          const gap = t.lastY - line.y;
          const current = t.rows.at(-1);
          // A wrapped cell's next line: close below, and no second number in the first column
          // (a number centred in a tall row arrives after the first lines of its row).
          if (current && (cells[0] === "" || current[0] === "") && gap > 0 && gap < line.size * 1.5) {
            cells.forEach((c, i) => {
              if (c !== "") current[i] = current[i] ? `${current[i]} ${c}` : c;
            });
          } else {
            t.rows.push(cells);
          }
          t.lastY = line.y;
          continue;
        }
        flushTable();
      }
      if (line.segments.length >= 3) {
        flushParagraph();
        table = { columns: line.segments.map((s) => s.x), rows: [line.segments.map((s) => s.text)], lastY: line.y };
        continue;
      }
      const text = line.segments.map((s) => s.text).join(" ");
      const end = line.segments.at(-1)?.end ?? 0;
      // A wrapped paragraph: the line above reached the right margin, this one is right under
      // it (or at the top of the next page) and starts no item.
      const p: { y: number; end: number; size: number } | null = paragraph;
      const under = p !== null && (p.y - line.y < p.size * 1.5 || line.y > p.y);
      if (paragraph && p && under && p.end >= right - p.size * 4 && !marked.test(text)) {
        paragraph.text += ` ${text}`;
        paragraph.end = end;
        paragraph.y = line.y;
      } else {
        flushParagraph();
        paragraph = { text, end, size: line.size, y: line.y };
      }
    }
  }
  flushTable();
  flushParagraph();
  return out;
}

export async function pdfToText(bytes: Buffer): Promise<string> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  const { getDocument } = await pdfjs;
  // pdf.js takes ownership of the array it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw new PlanFileError((error as Error).name === "PasswordException" ? planFileTexts.encryptedPdf() : planFileTexts.corruptPdf());
  }
  try {
    const pages: Line[][] = [];
    for (let n = 1; n <= document.numPages; n++) pages.push(await pageLines(await document.getPage(n)));
    if (pages.every((lines) => lines.length === 0)) throw new PlanFileError(planFileTexts.scannedPdf());
    return assemble(pages).join("\n");
  } catch (error) {
    if (error instanceof PlanFileError) throw error;
    throw new PlanFileError(planFileTexts.corruptPdf());
  } finally {
    await document.destroy();
  }
}
