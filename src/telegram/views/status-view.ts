/** Coordinators' views: the plan at a glance, one agency, one task, overdue and upcoming lists. */
import { formatVietnameseDate } from "../../domain/local-date.js";
import { totalOf, type PlanStatus, type TaskStatus } from "../../services/status/status-summary.js";
import type { CycleLine } from "../../domain/model.js";
import type { TaskChoice } from "../../services/plans/plan-lifecycle.js";
import type { PlanSummary } from "../../domain/plan-code.js";
import { kindLabels, planStatusLabels, statusIcons, statusLabels, texts } from "../texts.js";
import { escapeHtml, messageLimit, shorten } from "./html.js";

const rankedAgencies = 10;

function fit(lines: string[], total: number, shown: number): string {
  const out = [...lines];
  if (total > shown) out.push(texts.andMore(total - shown));
  let text = out.join("\n");
  while (text.length > messageLimit && out.length > 2) {
    out.splice(out.length - 2, 1);
    text = out.join("\n");
  }
  return text;
}

/**
 * The plan at a glance; `plans` (when several are imported) adds a line per plan; `planCode`
 * names the one plan the numbers are filtered to.
 */
export function planStatusView(status: PlanStatus, plans: readonly PlanSummary[] = [], planCode?: string): string {
  const date = formatVietnameseDate(status.at);
  const header = planCode === undefined ? texts.statusHeader(date) : texts.statusPlanHeader(escapeHtml(planCode), date);
  const lines = [header, texts.statusTotals(status.totals), texts.statusCountedBy(totalOf(status.totals))];
  if (plans.length > 0) {
    lines.push("", texts.statusByPlanHeader());
    for (const plan of plans) lines.push(texts.statusByPlanLine(escapeHtml(plan.shortCode), planStatusLabels[plan.status], plan.open, plan.overdue));
  }
  lines.push("", texts.statusRankHeader());
  const withOverdue = status.agencies.filter((a) => a.overdue > 0);
  if (withOverdue.length === 0) lines.push(texts.statusNoOverdue());
  withOverdue.slice(0, rankedAgencies).forEach((agency, i) => {
    lines.push(`${i + 1}. ${escapeHtml(agency.code)} — ${escapeHtml(shorten(agency.name, 60))}: 🔴 ${agency.overdue}`);
  });
  return fit(lines, withOverdue.length, Math.min(rankedAgencies, withOverdue.length));
}

function cycleLine(line: CycleLine): string {
  const due = line.due ? formatVietnameseDate(line.due) : texts.noDue();
  return `${statusIcons[line.status]} <b>${escapeHtml(line.label)}</b> — ${due}: ${escapeHtml(shorten(line.text, 90))}`;
}

export function agencyStatusView(status: PlanStatus, name: string, cycles: readonly CycleLine[]): string {
  const lines = [texts.statusAgencyHeader(escapeHtml(name), formatVietnameseDate(status.at)), texts.statusTotals(status.totals), ""];
  const order = ["overdue", "in_progress", "no_deadline", "done_late", "done_on_time"];
  const sorted = [...cycles].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const shown = sorted.slice(0, 25);
  for (const line of shown) lines.push(cycleLine(line));
  return fit(lines, sorted.length, shown.length);
}

export function taskStatusView(status: TaskStatus): string {
  const lines = [texts.statusTaskHeader(escapeHtml(status.task.label)), escapeHtml(shorten(status.task.text, 400))];
  if (status.task.deadlinePhrase) lines.push(escapeHtml(texts.fromPhrase(status.task.deadlinePhrase)));
  lines.push("", texts.statusTotals(status.counts), "");
  const shown = status.cycles.slice(0, 30);
  for (const cycle of shown) {
    const due = cycle.due ? formatVietnameseDate(cycle.due) : texts.noDue();
    const done = cycle.completedOn ? ` (xong ${formatVietnameseDate(cycle.completedOn)})` : "";
    lines.push(`${statusIcons[cycle.status]} ${escapeHtml(cycle.agencyCode)} — ${due}${done}: ${statusLabels[cycle.status]}`);
  }
  if (status.cycles.length > shown.length) lines.push(texts.andMore(status.cycles.length - shown.length));
  lines.push("", texts.latestUpdates());
  if (status.updates.length === 0) lines.push(texts.noUpdates());
  for (const update of status.updates.slice(0, 10)) {
    const kind = kindLabels[update.kind as keyof typeof kindLabels] ?? update.kind;
    const percent = update.percent !== null ? ` ${update.percent}%` : "";
    const words = update.text ? `: ${escapeHtml(shorten(update.text, 120))}` : "";
    lines.push(`• ${formatVietnameseDate(update.on)} ${escapeHtml(update.agencyCode)} ${kind}${percent}${words}`);
  }
  return fit(lines, 0, 0);
}

/** One line per task: a task led by 59 agencies is one line, not 59; its earliest due date shows. */
function groupByTask(cycles: readonly CycleLine[]): Array<{ first: CycleLine; agencies: string[]; dues: Set<string> }> {
  const groups = new Map<number, { first: CycleLine; agencies: string[]; dues: Set<string> }>();
  for (const cycle of cycles) {
    const group = groups.get(cycle.taskId) ?? { first: cycle, agencies: [], dues: new Set<string>() };
    if ((cycle.due ?? "9999") < (group.first.due ?? "9999")) group.first = cycle;
    group.agencies.push(cycle.agencyCode);
    if (cycle.due) group.dues.add(cycle.due);
    groups.set(cycle.taskId, group);
  }
  return [...groups.values()];
}

/**
 * /overdue and /upcoming: `header` is given the number of tasks listed and of assignments
 * (cycles of lead agencies) they stand for, so the count is of what the list shows.
 */
export function cycleListView(header: (tasks: number, assignments: number) => string, cycles: readonly CycleLine[]): string {
  const groups = groupByTask(cycles);
  const lines = [header(groups.length, cycles.length)];
  if (cycles.length === 0) lines.push(texts.noneInList());
  const shown = groups.slice(0, 30);
  for (const { first, agencies, dues } of shown) {
    const date = first.due ? formatVietnameseDate(first.due) : texts.noDue();
    const due = dues.size > 1 ? texts.earliestDue(date) : date;
    const who = agencies.length > 3 ? texts.agencyCount(agencies.length) : agencies.map(escapeHtml).join(", ");
    lines.push(`${statusIcons[first.status]} <b>${escapeHtml(first.label)}</b> · ${who} — ${due}: ${escapeHtml(shorten(first.text, 90))}`);
  }
  return fit(lines, groups.length, shown.length);
}

/** /plans: each plan with its short code, status, issuer and counts. */
export function plansView(plans: readonly PlanSummary[]): string {
  if (plans.length === 0) return texts.noPlans();
  const lines = [texts.plansHeader(plans.length)];
  for (const p of plans) {
    lines.push(
      "",
      texts.planLine(
        escapeHtml(p.shortCode),
        escapeHtml(p.code),
        planStatusLabels[p.status],
        p.issuer ? escapeHtml(p.issuer) : null,
        escapeHtml(shorten(p.title, 160)),
        p.tasks,
        p.open,
        p.overdue,
      ),
    );
  }
  lines.push("", texts.plansHint());
  return fit(lines, 0, 0);
}

/** A bare ref that several plans have: the qualified refs to choose from. */
export function ambiguousRefView(ref: string, command: string, choices: readonly TaskChoice[]): string {
  const lines = [texts.refAmbiguous(escapeHtml(ref), command)];
  for (const choice of choices) lines.push(texts.refChoice(escapeHtml(choice.label), escapeHtml(shorten(choice.text, 90))));
  return fit(lines, 0, 0);
}
