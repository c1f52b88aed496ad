/**
 * Reading plan and registry files from disk: the one place the file system meets the plan
 * reader. Errors name the file and say what is wrong with it.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { createAgencyMatcher } from "../plan/agency-matcher.js";
import { parsePlan } from "../plan/parse-plan.js";
import { parseRegistry } from "../plan/registry.js";
import { parseCalendar, type WorkingCalendar } from "../domain/working-days.js";
import type { AgencyRegistry, ParsedPlan } from "../plan/types.js";

export class FileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "FileError";
  }
}

const maxPlanBytes = 5 * 1024 * 1024;

async function readText(file: string, maxBytes: number): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "không tìm thấy tệp" : code === "EISDIR" ? "đây là thư mục, không phải tệp" : code === "EACCES" ? "không có quyền đọc tệp" : (error as Error).message;
    throw new FileError(file, reason);
  }
  if (bytes.length > maxBytes) throw new FileError(file, `tệp quá lớn (${bytes.length} byte; tối đa ${maxBytes})`);
  return bytes;
}

export async function readRegistryFile(file: string): Promise<AgencyRegistry> {
  const bytes = await readText(file, maxPlanBytes);
  try {
    return parseRegistry(bytes.toString("utf8"));
  } catch (error) {
    throw new FileError(file, (error as Error).message);
  }
}

export async function readCalendarFile(file: string): Promise<WorkingCalendar> {
  const bytes = await readText(file, maxPlanBytes);
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
}

export async function readPlanFile(file: string, registry: AgencyRegistry): Promise<PlanFile> {
  const bytes = await readText(file, maxPlanBytes);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new FileError(file, "tệp không phải văn bản UTF-8 (hãy lưu lại dưới dạng .txt hoặc .md, mã hóa UTF-8)");
  }
  const fallbackCode = basename(file, extname(file));
  const parsed = parsePlan(text, createAgencyMatcher(registry), { fallbackCode });
  return { parsed, hash: createHash("sha256").update(bytes).digest("hex"), file };
}
