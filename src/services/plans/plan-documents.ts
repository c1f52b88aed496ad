/**
 * A plan file's bytes → the text the plan reader reads. The kind comes from the content, not
 * the name: a zip holding word/document.xml is Word, one holding xl/workbook.xml is Excel,
 * "%PDF-" is PDF, valid UTF-8 is text. Word and PDF tables come out as `| c1 | c2 | … |` rows,
 * which the plan reader reads as a table. Problems are PlanFileErrors with one Vietnamese line.
 */
import { planFileTexts } from "../../texts/plan-files.js";
import { docxToText } from "./plan-docx.js";
import { PlanFileError } from "./plan-file-error.js";
import { pdfToText } from "./plan-pdf.js";

export { PlanFileError };

export type PlanFileKind = "text" | "docx" | "pdf" | "xlsx";

/** Largest plan file read: the biggest real plan is under 1 MB; 5 MB is ~75,000 tasks. */
export const maxPlanFileBytes = 20 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, ascii: string) => bytes.length >= ascii.length && [...ascii].every((c, i) => bytes[i] === c.charCodeAt(0));

/** Zip entry names sit in clear text in the local headers and the central directory. */
function zipHolds(bytes: Buffer, entry: string): boolean {
  return bytes.includes(entry, 0, "latin1");
}

/** What a Word or Excel file may hold once unzipped: a zip bomb is refused before it is opened. */
export const maxUnzippedBytes = 200 * 1024 * 1024;

/**
 * The uncompressed size of a zip's entries, from its central directory (each entry's size is
 * at offset 24 of its record); null when there is no readable directory (a damaged file).
 */
function unzippedSize(bytes: Buffer): number | null {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return null;
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return null;
    const size = bytes.readUInt32LE(at + 24);
    // 0xFFFFFFFF: the size is in a zip64 field; no plan needs an entry of 4 GB.
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}

export function sniffPlanFile(bytes: Buffer): PlanFileKind {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) throw new PlanFileError(planFileTexts.empty());
  if (startsWith(bytes, "PK\u0003\u0004")) {
    const kind = zipHolds(bytes, "word/document.xml") ? "docx" : zipHolds(bytes, "xl/workbook.xml") ? "xlsx" : null;
    if (kind) {
      const size = unzippedSize(bytes);
      if (size === null) throw new PlanFileError(kind === "docx" ? planFileTexts.corruptDocx() : planFileTexts.corruptXlsx());
      if (size > maxUnzippedBytes) throw new PlanFileError(planFileTexts.unzipsTooLarge(maxUnzippedBytes));
      return kind;
    }
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
