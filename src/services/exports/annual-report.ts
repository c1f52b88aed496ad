/**
 * The annual consolidated report a coordinator edits, signs and sends up (QĐ 1861 part IV.2-3):
 * for each annual reporting task of the plan, every lead agency in registry order, whether it
 * sent its report for the year, when, on time or not, what it wrote and which files it sent;
 * then who has not sent one. The data step is separate from the .docx step so each is tested
 * on its own.
 */
import { recurringCycleAt } from "../../domain/cycles.js";
import { DomainError } from "../../domain/errors.js";
import { daysBetween, localDateOf, toLocalDate } from "../../domain/local-date.js";
import type { Task } from "../../domain/model.js";
import { foldDiacritics } from "../../domain/text.js";
import { findAnnualTasks, findLeadCyclesOfPeriod, findReportPlan, findStandingUpdates, type LeadCycleOfYear, type ReportedUpdate } from "../../storage/annual-report-repository.js";
import type { Db } from "../../storage/database.js";
import { renderAnnualReport } from "./annual-report-docx.js";
import type { Timeliness, AgencySubmission, AnnualReportData } from "./annual-report-model.js";
import { withTaskLabels } from "../plans/plan-lifecycle.js";

export interface AnnualReportOptions {
  year: number;
  /** the local date the report is made on */
  today: string;
  timeZone: string;
  /** the plan imported last when not given */
  planId?: number;
}

/**
 * An annual task is an agency report when its text speaks of reporting ("báo cáo", typed with or
 * without diacritics). The aggregator's own task (one lead named the focal point, or told to
 * consolidate before it reports: QĐ 1861 IV.3) is left out: this document is its output.
 */
export function isAgencyReportTask(task: Pick<Task, "deadline" | "text" | "isGroup" | "leadNames">): boolean {
  const text = foldDiacritics(task.text);
  const reportsAt = text.search(/\bbao cao\b/);
  if (task.deadline.kind !== "annual" || reportsAt < 0) return false;
  const consolidates = /\bdau moi\b/.test(text) || /\btong hop\b/.test(text.slice(0, reportsAt));
  return !(consolidates && !task.isGroup && task.leadNames.length === 1);
}

export async function annualReportData(db: Db, options: AnnualReportOptions): Promise<AnnualReportData> {
  const plan = await findReportPlan(db, options.planId);
  if (!plan) throw new DomainError("plan_unknown", { plan: options.planId ?? null });
  const tasks = (await findAnnualTasks(db, plan.id)).filter(isAgencyReportTask);
  const leads = await findLeadCyclesOfPeriod(
    db,
    tasks.map((t) => t.id),
    String(options.year),
  );
  const updates = new Map<number, ReportedUpdate[]>();
  for (const update of await findStandingUpdates(
    db,
    leads.flatMap((l) => (l.cycleId === null ? [] : [l.cycleId])),
  )) {
    updates.set(update.cycleId, [...(updates.get(update.cycleId) ?? []), update]);
  }
  // Refs as shown elsewhere: qualified by plan while several plans are active.
  const labels = await withTaskLabels(
    db,
    tasks.map((t) => ({ taskId: t.id, ref: t.ref })),
  );
  const sections = tasks.map((task, i) => {
    // An agency whose cycle for the year was never opened is still expected by the plan's date.
    const planned = recurringCycleAt(task.deadline, toLocalDate(options.year, 1, 1))?.due ?? null;
    const agencies = leads.filter((lead) => lead.taskId === task.id).map((lead) => submissionOf(lead, (lead.cycleId !== null && updates.get(lead.cycleId)) || [], planned, options));
    return { ref: labels[i]!.ref, text: task.text, deadlinePhrase: task.deadline.phrase, agencies };
  });
  const all = sections.flatMap((s) => s.agencies);
  const count = (...kinds: Timeliness[]) => all.filter((a) => kinds.includes(a.timeliness)).length;
  return {
    year: options.year,
    today: options.today,
    plan: { code: plan.code, title: plan.title, issuedOn: plan.issuedOn },
    sections,
    totals: { expected: all.length, submitted: count("on_time", "late"), onTime: count("on_time"), late: count("late"), missing: count("pending", "overdue") },
  };
}

function submissionOf(lead: LeadCycleOfYear, updates: readonly ReportedUpdate[], planned: string | null, options: AnnualReportOptions): AgencySubmission {
  const localDate = (instant: string) => localDateOf(new Date(instant), options.timeZone);
  const done = updates.filter((u) => u.kind === "done");
  // The cycle records when it was completed; a "done" update is the fallback for older data.
  const submittedOn = lead.completedOn ?? (done.length > 0 ? localDate(done[done.length - 1]!.createdAt) : null);
  const submitted = submittedOn !== null && submittedOn <= options.today;
  const due = lead.cycleId === null ? planned : lead.dueOn;
  const lateBy = (on: string) => (due === null ? 0 : Math.max(0, daysBetween(due, on)));
  const daysLate = submitted ? lateBy(submittedOn) : lateBy(options.today);
  const timeliness: Timeliness = submitted ? (daysLate > 0 ? "late" : "on_time") : daysLate > 0 ? "overdue" : "pending";
  const written = [...done, ...updates.filter((u) => u.kind !== "done")].filter((u) => u.text.trim() !== "");
  const files = new Map<string, string | null>();
  for (const attachment of updates.flatMap((u) => u.attachments)) {
    const key = attachment.fileId ?? attachment.name ?? "";
    if (!files.get(key)) files.set(key, attachment.name);
  }
  const names = [...files.values()];
  return {
    agencyCode: lead.agencyCode,
    agencyName: lead.agencyName,
    due,
    originalDue: lead.originalDueOn !== null && lead.originalDueOn !== lead.dueOn ? lead.originalDueOn : null,
    submittedOn: submitted ? submittedOn : null,
    timeliness,
    daysLate,
    entries: written.map((u) => ({ on: localDate(u.createdAt), text: u.text.trim() })),
    fileNames: names.filter((n): n is string => n !== null),
    unnamedFiles: names.filter((n) => n === null).length,
  };
}

/** The report as a .docx file, ready to edit and sign. */
export async function buildAnnualReport(db: Db, options: AnnualReportOptions): Promise<Buffer> {
  return renderAnnualReport(await annualReportData(db, options));
}

/** `bao-cao-tong-hop-nam-2026.docx`: ASCII, nothing Windows refuses in a file name. */
export function annualReportFileName(year: number): string {
  return `bao-cao-tong-hop-nam-${year}.docx`;
}

/** The earliest year a report can be asked for; plans of this genre start in the 2000s. */
export const firstReportYear = 2000;

/** The last year a report can be asked for on `today`: next year's, for planning ahead. */
export function lastReportYear(today: string): number {
  return Number(today.slice(0, 4)) + 1;
}

/** A year as typed ("2026"); the current one when empty; null when it is not a year a report can cover. */
export function parseReportYear(text: string | undefined, today: string): number | null {
  const typed = (text ?? "").trim();
  if (typed === "") return Number(today.slice(0, 4));
  if (!/^\d{4}$/.test(typed)) return null;
  const year = Number(typed);
  return year >= firstReportYear && year <= lastReportYear(today) ? year : null;
}
