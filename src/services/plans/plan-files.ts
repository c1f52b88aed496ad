/**
 * Reading plan and registry files: the one place the file system meets the plan reader. A plan
 * comes as text, Word, PDF or a reviewed workbook (plan-documents.ts tells them apart). Errors
 * name the file and say in one line what is wrong with it.
 */
import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { basename, extname } from "node:path";
import { createAgencyMatcher, type AgencyMatcher } from "../../plan/agency-matcher.js";
import { parsePlan } from "../../plan/parse-plan.js";
import { parseRegistry } from "../../plan/registry.js";
import { parseCalendar, type WorkingCalendar } from "../../domain/working-days.js";
import { detectPlan, type PlanDetection } from "../../plan/plan-detect.js";
import type { AgencyRegistry, ParsedPlan } from "../../plan/types.js";
import { planFileTexts } from "../../texts/plan-files.js";
import { documentText, maxPlanFileBytes, PlanFileError, sniffPlanFile, type PlanFileKind } from "./plan-documents.js";
import { readReviewWorkbook, type ReviewCorrection } from "./plan-review.js";

export class FileError extends Error {
  constructor(
    readonly file: string,
    /** the problem alone, for a chat answer that has no file name to show */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "FileError";
  }
}

const maxRegistryBytes = 5 * 1024 * 1024;
const chunkBytes = 64 * 1024;

/**
 * Reads a file without ever holding more than `maxBytes` + 64 KB: a regular file's size is
 * checked before reading, and a device, pipe or growing file ("/dev/zero") is read in chunks
 * until it passes the limit.
 */
export async function readBoundedFile(file: string, maxBytes: number): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new FileError(file, openProblem(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new FileError(file, planFileTexts.isDirectory());
    if (info.isFile() && info.size > maxBytes) throw new FileError(file, planFileTexts.tooLarge(info.size, maxBytes));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(chunkBytes);
      const { bytesRead } = await handle.read(chunk, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileError(file, planFileTexts.tooLarge(info.isFile() ? Math.max(total, info.size) : null, maxBytes));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(file, openProblem(error));
  } finally {
    await handle.close();
  }
}

function openProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? planFileTexts.notFound() : code === "EISDIR" ? planFileTexts.isDirectory() : code === "EACCES" ? planFileTexts.noPermission() : (error as Error).message;
}

export async function readRegistryFile(file: string): Promise<AgencyRegistry> {
  const bytes = await readBoundedFile(file, maxRegistryBytes);
  try {
    return parseRegistry(bytes.toString("utf8"));
  } catch (error) {
    throw new FileError(file, (error as Error).message);
  }
}

export async function readCalendarFile(file: string): Promise<WorkingCalendar> {
  const bytes = await readBoundedFile(file, maxRegistryBytes);
  try {
    return parseCalendar(bytes.toString("utf8"));
  } catch (error) {
    throw new FileError(file, (error as Error).message);
  }
}

export interface PlanFile {
  parsed: ParsedPlan;
  hash: string;
  file: string;
  kind: PlanFileKind;
  /** is it a plan at all (not asked of a reviewed workbook: dondoc wrote it from one) */
  detection: PlanDetection;
  /** what a reviewed workbook corrected */
  corrections: ReviewCorrection[];
}

/**
 * A plan file's bytes, whatever their kind, → the parsed plan. `name` gives the fallback code
 * (the file name without extension). Throws PlanFileError (one line) or PlanDocumentError.
 */
export async function readPlanBytes(bytes: Buffer, name: string, matcher: AgencyMatcher): Promise<PlanFile> {
  if (bytes.length > maxPlanFileBytes) throw new PlanFileError(planFileTexts.tooLarge(bytes.length, maxPlanFileBytes));
  const kind = sniffPlanFile(bytes);
  const hash = createHash("sha256").update(bytes).digest("hex");
  if (kind === "xlsx") {
    const reviewed = await readReviewWorkbook(bytes, matcher);
    return { parsed: reviewed.parsed, hash, file: name, kind, detection: { isPlan: true, found: [], missing: [] }, corrections: reviewed.corrections };
  }
  const text = await documentText(bytes, kind);
  const fallbackCode = basename(name, extname(name));
  const parsed = parsePlan(text, matcher, { fallbackCode });
  return { parsed, hash, file: name, kind, detection: detectPlan(text, parsed.tasks), corrections: [] };
}

/** A plan file's bytes from disk, at most the plan size limit; problems as PlanFileError (no file name). */
export async function readPlanFileBytes(file: string): Promise<Buffer> {
  try {
    return await readBoundedFile(file, maxPlanFileBytes);
  } catch (error) {
    throw error instanceof FileError ? new PlanFileError(error.reason) : error;
  }
}

/** A plan file on disk: the size checked before it is read; problems name the file. */
export async function readPlanFile(file: string, registry: AgencyRegistry): Promise<PlanFile> {
  const bytes = await readBoundedFile(file, maxPlanFileBytes);
  try {
    return { ...(await readPlanBytes(bytes, file, createAgencyMatcher(registry))), file };
  } catch (error) {
    if (error instanceof PlanFileError) throw new FileError(file, error.reason);
    throw error;
  }
}
