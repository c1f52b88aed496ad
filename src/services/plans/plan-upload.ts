/**
 * A plan sent to the bot as a file: read it (text, Word, PDF or a reviewed workbook), refuse
 * what is not a plan, keep the parsed plan as previewed, and hand back the preview and the
 * review workbook. Nothing of the plan is written until the coordinator who sent it presses
 * Nhập, within a day; a second press, someone else's press or Huỷ imports nothing.
 */
import { addDaysToInstant } from "../../domain/local-date.js";
import type { AgencyMatcher } from "../../plan/agency-matcher.js";
import type { PlanSign } from "../../plan/plan-detect.js";
import type { ParsedPlan } from "../../plan/types.js";
import type { Db } from "../../storage/database.js";
import { findPlanByCode } from "../../storage/plan-repository.js";
import { decidePlanUpload, deletePlanUploadsBefore, findPlanUpload, insertPlanUpload, undecidePlanUpload } from "../../storage/plan-upload-repository.js";
import { readPlanBytes } from "./plan-files.js";
import { importPlan, type ImportReport } from "./plan-import.js";
import { reviewFileName, writeReviewWorkbook, type ReviewCorrection } from "./plan-review.js";

/** How long a preview's buttons stay good. */
export const uploadLifetimeDays = 1;

export class NotAPlanError extends Error {
  constructor(readonly missing: PlanSign[]) {
    super(`not a plan: ${missing.join(", ")}`);
    this.name = "NotAPlanError";
  }
}

export interface UploadPreview {
  uploadId: number;
  parsed: ParsedPlan;
  withoutLead: number;
  withoutDeadline: number;
  /** a plan with this code is already imported: Nhập updates it */
  exists: boolean;
  corrections: number;
  workbook: { bytes: Buffer; fileName: string };
}

export async function previewPlanUpload(
  deps: { db: Db; matcher: AgencyMatcher },
  input: { bytes: Buffer; fileName: string; telegramUserId: number; chatId: number },
  now: Date,
): Promise<UploadPreview> {
  const file = await readPlanBytes(input.bytes, input.fileName, deps.matcher);
  if (!file.detection.isPlan) throw new NotAPlanError(file.detection.missing);
  const { parsed } = file;
  const exists = (await findPlanByCode(deps.db, parsed.plan.code)) !== null;
  const workbook = { bytes: await writeReviewWorkbook(parsed, input.fileName), fileName: reviewFileName(parsed.plan.code) };
  // A preview past its day can no longer be imported: its parsed plan need not be kept.
  await deletePlanUploadsBefore(deps.db, addDaysToInstant(now, -2 * uploadLifetimeDays).toISOString());
  const uploadId = await insertPlanUpload(
    deps.db,
    { telegramUserId: input.telegramUserId, chatId: input.chatId, fileName: input.fileName, fileHash: file.hash, parsed, corrections: file.corrections },
    now.toISOString(),
  );
  return {
    uploadId,
    parsed,
    withoutLead: parsed.tasks.filter((t) => t.leads.length === 0).length,
    withoutDeadline: parsed.tasks.filter((t) => t.deadline.kind === "none").length,
    exists,
    corrections: file.corrections.length,
    workbook,
  };
}

export type UploadDecision =
  | { kind: "imported"; report: ImportReport; corrections: number }
  | { kind: "cancelled"; code: string }
  | { kind: "refused"; reason: "unknown" | "not_yours" | "decided" | "stale" };

export async function decideUpload(
  deps: { db: Db; timeZone: string },
  input: { uploadId: number; telegramUserId: number; decision: "import" | "cancel" },
  now: Date,
  actor: string,
): Promise<UploadDecision> {
  const upload = await findPlanUpload(deps.db, input.uploadId);
  if (!upload) return { kind: "refused", reason: "unknown" };
  if (upload.telegramUserId !== input.telegramUserId) return { kind: "refused", reason: "not_yours" };
  if (upload.decidedAt !== null) return { kind: "refused", reason: "decided" };
  if (addDaysToInstant(new Date(upload.createdAt), uploadLifetimeDays) < now) return { kind: "refused", reason: "stale" };
  const at = now.toISOString();
  if (input.decision === "cancel") {
    return (await decidePlanUpload(deps.db, upload.id, "cancelled", at)) ? { kind: "cancelled", code: upload.parsed.plan.code } : { kind: "refused", reason: "decided" };
  }
  if (!(await decidePlanUpload(deps.db, upload.id, "imported", at))) return { kind: "refused", reason: "decided" };
  try {
    const corrections = upload.corrections as ReviewCorrection[];
    const report = await importPlan(deps, upload.parsed, { file: `telegram:${upload.fileName}`, hash: upload.fileHash, corrections }, now, actor);
    return { kind: "imported", report, corrections: corrections.length };
  } catch (error) {
    await undecidePlanUpload(deps.db, upload.id);
    throw error;
  }
}
