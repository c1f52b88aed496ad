/** Coordinators' views: the plan at a glance, one agency, one task, overdue and upcoming lists. */
import { formatVietnameseDate } from "../../domain/local-date.js";
import { totalOf, type PlanStatus, type TaskStatus } from "../../services/status-report.js";
import type { CycleLine } from "../../storage/status-repository.js";
import { kindLabels, statusIcons, statusLabels, texts } from "../texts.js";
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

export function planStatusView(status: PlanStatus): string {
  const lines = [texts.statusHeader(formatVietnameseDate(status.at)), texts.statusTotals(status.totals), texts.statusCountedBy(totalOf(status.totals)), "", texts.statusRankHeader()];
  const withOverdue = status.agencies.filter((a) => a.overdue > 0);
  if (withOverdue.length === 0) lines.push(texts.statusNoOverdue());
  withOverdue.slice(0, rankedAgencies).forEach((agency, i) => {
    lines.push(`${i + 1}. ${escapeHtml(agency.code)} — ${escapeHtml(shorten(agency.name, 60))}: 🔴 ${agency.overdue}`);
  });
  return fit(lines, withOverdue.length, Math.min(rankedAgencies, withOverdue.length));
}

function cycleLine(line: CycleLine): string {
  const due = line.due ? formatVietnameseDate(line.due) : texts.noDue();
  return `${statusIcons[line.status]} <b>${escapeHtml(line.ref)}</b> — ${due}: ${escapeHtml(shorten(line.text, 90))}`;
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
  const lines = [texts.statusTaskHeader(escapeHtml(status.task.ref)), escapeHtml(shorten(status.task.text, 400))];
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

/** One line per task and due date: a task led by 59 agencies is one line, not 59. */
function groupByTask(cycles: readonly CycleLine[]): Array<{ first: CycleLine; agencies: string[] }> {
  const groups = new Map<string, { first: CycleLine; agencies: string[] }>();
  for (const cycle of cycles) {
    const key = `${cycle.taskId}|${cycle.due ?? ""}|${cycle.status}`;
    const group = groups.get(key) ?? { first: cycle, agencies: [] };
    group.agencies.push(cycle.agencyCode);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function cycleListView(header: string, cycles: readonly CycleLine[]): string {
  const lines = [header];
  if (cycles.length === 0) lines.push(texts.noneInList());
  const groups = groupByTask(cycles);
  const shown = groups.slice(0, 30);
  for (const { first, agencies } of shown) {
    const due = first.due ? formatVietnameseDate(first.due) : texts.noDue();
    const who = agencies.length > 3 ? texts.agencyCount(agencies.length) : agencies.map(escapeHtml).join(", ");
    lines.push(`${statusIcons[first.status]} <b>${escapeHtml(first.ref)}</b> · ${who} — ${due}: ${escapeHtml(shorten(first.text, 90))}`);
  }
  return fit(lines, groups.length, shown.length);
}
