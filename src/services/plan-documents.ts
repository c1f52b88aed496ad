/**
 * A plan file's bytes → the text the plan reader reads. The kind comes from the content, not
 * the name: a zip holding word/document.xml is Word, one holding xl/workbook.xml is Excel,
 * "%PDF-" is PDF, valid UTF-8 is text. Word and PDF tables come out as `| c1 | c2 | … |` rows,
 * which the plan reader reads as a table. Problems are PlanFileErrors with one Vietnamese line.
 */
import { planFileTexts } from "../texts/plan-files.js";
import { docxToText } from "./plan-docx.js";
import { pdfToText } from "./plan-pdf.js";

export type PlanFileKind = "text" | "docx" | "pdf" | "xlsx";

export class PlanFileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "PlanFileError";
  }
}

/** Largest plan file read: the biggest real plan is under 1 MB; 5 MB is ~75,000 tasks. */
export const maxPlanFileBytes = 20 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, ascii: string) => bytes.length >= ascii.length && [...ascii].every((c, i) => bytes[i] === c.charCodeAt(0));

/** Zip entry names sit in clear text in the local headers and the central directory. */
function zipHolds(bytes: Buffer, entry: string): boolean {
  return bytes.includes(entry, 0, "latin1");
}

export function sniffPlanFile(bytes: Buffer): PlanFileKind {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) throw new PlanFileError(planFileTexts.empty());
  if (startsWith(bytes, "PK\u0003\u0004")) {
    if (zipHolds(bytes, "word/document.xml")) return "docx";
    if (zipHolds(bytes, "xl/workbook.xml")) return "xlsx";
    // A zip whose names cannot be seen is as likely a damaged .docx as anything else.
    throw new PlanFileError(zipHolds(bytes, "[Content_Types].xml") ? planFileTexts.otherZip() : planFileTexts.corruptDocx());
  }
  if (startsWith(bytes, "%PDF-")) return "pdf";
  if (startsWith(bytes, "\u00d0\u00cf\u0011\u00e0")) throw new PlanFileError(planFileTexts.legacyOffice());
  return "text";
}

function decodeUtf8(bytes: Buffer): string {
  // Notepad's "Unicode" is UTF-16 with a byte-order mark.
  if (startsWith(bytes, "\u00ff\u00fe")) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (startsWith(bytes, "\u00fe\u00ff")) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // NUL bytes make it a binary file that happens to be valid UTF-8.
    if (text.includes("\u0000")) throw new Error("binary");
    return text.replace(/^\ufeff/, "");
  } catch {
    throw new PlanFileError(planFileTexts.notText());
  }
}

/** The plan text of a Word, PDF or text file (UTF-8, or UTF-16 with its mark) (a workbook is read by plan-review.ts). */
export async function documentText(bytes: Buffer, kind: Exclude<PlanFileKind, "xlsx">): Promise<string> {
  const text = kind === "docx" ? await docxToText(bytes) : kind === "pdf" ? await pdfToText(bytes) : decodeUtf8(bytes);
  if (text.trim() === "") throw new PlanFileError(planFileTexts.empty());
  return text;
}
