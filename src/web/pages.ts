/** The Mini App's pages, rendered on the server from the services' view data. */
import { formatVietnameseDate } from "../domain/local-date.js";
import type { CycleStatus } from "../domain/task-status.js";
import type { AgencyPage, Overview, TaskPage, UpdateWithFiles } from "../services/web/web-dashboard.js";
import type { WebViewer } from "../services/web/web-access.js";
import { totalOf } from "../services/status/status-summary.js";
import type { CycleLine, StatusCounts } from "../storage/status-repository.js";
import { historyBlock } from "../telegram/views/history-view.js";
import { kindLabels } from "../telegram/texts.js";
import { statusLabels } from "../texts/labels.js";
import { periodLabel } from "../texts/spreadsheet.js";
import { attachmentLabel } from "../storage/evidence.js";
import { chartBarsForAgency, chartBarsForPlan, chartBarsForTask, statusChartSvg, type StatusBar } from "../services/status/status-chart.js";
import { chartTexts } from "../texts/chart.js";
import { html, trusted, type Html, type HtmlValue } from "./html.js";
import { page } from "./layout.js";
import { webTexts as t } from "./texts.js";

/** The order of the columns: what needs action first. */
const columns: readonly CycleStatus[] = ["overdue", "in_progress", "no_deadline", "done_late", "done_on_time"];

const date = (value: string | null) => (value ? formatVietnameseDate(value) : "—");
const badge = (status: CycleStatus) => html`<span class="badge ${status}">${statusLabels[status]}</span>`;
const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/**
 * The status chart the bot sends as a photo, drawn inline as SVG from the page's own numbers
 * (no second query, no second request). Its labels are escaped by statusChartSvg.
 */
function chart(title: string, today: string, bars: readonly StatusBar[]): Html {
  const svg = statusChartSvg({ title, subtitle: chartTexts.asOf(formatVietnameseDate(today)), bars });
  return html`<figure class="chart" role="img" aria-label="${title}">${trusted(svg)}</figure>`;
}

function cards(counts: StatusCounts): Html {
  return html`<div class="cards"><div class="card"><div class="n">${totalOf(counts)}</div><div class="l">${t.total}</div></div>${columns.map(
    (s) => html`<div class="card ${s}"><div class="n" data-status="${s}">${counts[s]}</div><div class="l">${statusLabels[s]}</div></div>`,
  )}</div>`;
}

function filterBox(tableId: string, rows: number): Html {
  return html`<div class="tools"><input type="search" data-filter="${tableId}" placeholder="${t.filterPlaceholder}" aria-label="${t.filterPlaceholder}"><span class="hint"><span data-count-for="${tableId}">${rows}</span>/${rows}</span></div>`;
}

const sortable = (label: string, numeric = false) => html`<th data-sort${numeric ? html` class="num"` : ""}><button type="button">${label}</button></th>`;

export function overviewPage(base: string, viewer: WebViewer, overview: Overview): string {
  const { status } = overview;
  const planFilter = html`<form method="get" action="${base}overview" class="tools"><label>${t.plan} <select name="plan" data-autosubmit>
<option value="">${t.allPlans}</option>${overview.plans.map((p) => html`<option value="${p.id}"${p.id === overview.planId ? html` selected` : ""}>${p.code} — ${shorten(p.title, 70)}</option>`)}
</select></label> <noscript><button type="submit">${t.apply}</button></noscript></form>`;
  const rows = status.agencies.map(
    (a) =>
      html`<tr><td>${a.code}</td><td class="name"><a href="${base}agency/${a.agencyId}">${a.name}</a></td>${columns.map((s) => html`<td class="num" data-status="${s}">${a[s]}</td>`)}<td class="num">${totalOf(a)}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? html`<p>${t.noAgencies}</p>`
      : html`${filterBox("agencies", rows.length)}<div class="scroll"><table class="data" id="agencies"><thead><tr>${sortable(t.agencyCode)}${sortable(t.agencyName)}${columns.map((s) => sortable(statusLabels[s], true))}${sortable(t.total, true)}</tr></thead><tbody>${rows}</tbody></table></div>`;
  const body = html`<h1>${t.overviewTitle}</h1><p class="hint">${t.asOf(formatVietnameseDate(status.at))}</p>${overview.plans.length > 1 ? planFilter : ""}${cards(status.totals)}${table}
${rows.length > 0 ? html`<h2>${t.chartAlt}</h2>${chart(chartTexts.planTitle, status.at, chartBarsForPlan(status))}` : ""}`;
  return page({ base, title: t.overviewTitle, viewer, section: "overview" }, body);
}

function cycleTable(base: string, id: string, cycles: readonly CycleLine[], withAgency: boolean, withText = true): Html {
  if (cycles.length === 0) return html`<p>${t.noCycles}</p>`;
  const rows = cycles.map(
    (c) =>
      html`<tr data-status="${c.status}"><td><a href="${base}task/${c.taskId}">${c.label}</a></td>${withAgency ? html`<td>${c.agencyCode}</td>` : ""}${withText ? html`<td class="text">${shorten(c.text, 220)}</td>` : ""}<td>${periodLabel(c.period)}</td><td data-value="${c.due ?? "9999-99-99"}">${date(c.due)}</td><td data-value="${c.status}">${badge(c.status)}</td><td data-value="${c.completedOn ?? ""}">${date(c.completedOn)}</td></tr>`,
  );
  return html`${filterBox(id, rows.length)}<div class="scroll"><table class="data" id="${id}"><thead><tr>${sortable(t.ref)}${withAgency ? sortable(t.agencyCode) : ""}${withText ? sortable(t.content) : ""}${sortable(t.period)}${sortable(t.due)}${sortable(t.status)}${sortable(t.completedOn)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function updateList(base: string, updates: readonly UpdateWithFiles[], withAgency: boolean): Html {
  if (updates.length === 0) return html`<p class="hint">${t.noUpdates}</p>`;
  const rows = updates.map((u) => {
    const kind = kindLabels[u.kind as keyof typeof kindLabels] ?? u.kind;
    const files = u.files.map((f, i) => (f.fileId === null ? html`<span>${attachmentLabel(f)}</span>` : html`<a href="${base}file/${u.id}/${i}" download>${attachmentLabel(f)}</a>`));
    return html`<tr><td data-value="${u.at}">${formatVietnameseDate(u.on)}</td>${withAgency ? html`<td>${u.agencyCode}</td>` : ""}<td>${u.who ?? "—"}</td><td class="text"><b>${kind}${u.percent !== null ? ` ${u.percent}%` : ""}</b> ${u.text}</td><td>${joinWith(files, html`<br>`)}</td></tr>`;
  });
  return html`<div class="scroll"><table class="data" id="updates"><thead><tr>${sortable(t.when)}${withAgency ? sortable(t.agencyCode) : ""}${sortable(t.who)}${sortable(t.report)}<th>${t.files}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function joinWith(items: readonly Html[], separator: Html): HtmlValue[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

export function agencyPage(base: string, viewer: WebViewer, data: AgencyPage): string {
  const body = html`<h1>${data.agency.name} (${data.agency.code})</h1><p class="hint">${t.asOf(formatVietnameseDate(data.status.at))}</p>${cards(data.status.totals)}
${cycleTable(base, "cycles", data.cycles, false)}
<h2>${t.chartAlt}</h2>${chart(chartTexts.agencyTitle(data.agency.name), data.status.at, chartBarsForAgency(data.cycles))}
<h2>${t.latestUpdates}</h2>${updateList(base, data.updates, false)}`;
  return page({ base, title: data.agency.name, viewer, section: "agency" }, body);
}

export function taskPage(base: string, viewer: WebViewer, data: TaskPage): string {
  const { task, history } = data;
  const facts = html`<p class="text">${task.text}</p><p class="hint">${t.section}: ${task.section || "—"} · ${t.lead}: ${task.leadNames.join("; ") || "—"}${task.coordinateNames.length > 0 ? html` · ${t.coordinate}: ${task.coordinateNames.join("; ")}` : ""}${task.deadlinePhrase ? html` · ${t.deadlinePhrase}: «${task.deadlinePhrase}»` : ""}</p>`;
  // The chat's own history blocks: their user text is escaped there (telegram/views/html.ts).
  const entries = history.entries.map((entry) => html`<li>${trusted(historyBlock(entry).replace(/\n/g, "<br>"))}</li>`);
  const body = html`<h1>${task.planCode}/${task.ref}</h1>${task.removed ? html`<p class="hint">${t.removed}</p>` : ""}${facts}
<h2>${t.perAgency}</h2>${history.agencyCode ? html`<p class="hint">${t.onlyAgency(history.agencyCode)}</p>` : ""}${cycleTable(base, "cycles", data.cycles, true, false)}
${new Set(data.cycles.map((c) => c.agencyId)).size > 1 ? chart(chartTexts.taskTitle(task.ref), data.today, chartBarsForTask({ cycles: data.cycles })) : ""}
<h2>${t.latestUpdates}</h2>${updateList(base, data.updates, true)}
<h2>${t.history}</h2>${entries.length === 0 ? html`<p class="hint">${t.noHistory}</p>` : html`<ul class="history">${entries}</ul>`}${history.total > history.entries.length ? html`<p class="hint">${t.olderHistory(history.total - history.entries.length)}</p>` : ""}`;
  return page({ base, title: `${task.ref}`, viewer, section: "task" }, body);
}

export function upcomingPage(base: string, viewer: WebViewer, days: number, cycles: readonly CycleLine[]): string {
  const choices = [7, 14, 30, 60, 90];
  const body = html`<h1>${t.upcomingTitle(days)}</h1><form method="get" action="${base}upcoming" class="tools"><label>${t.days} <select name="days" data-autosubmit>${[
    ...new Set([...choices, days]),
  ]
    .sort((a, b) => a - b)
    .map((d) => html`<option value="${d}"${d === days ? html` selected` : ""}>${d}</option>`)}</select></label> <noscript><button type="submit">${t.apply}</button></noscript></form>
${cycles.length === 0 ? html`<p>${t.noUpcoming}</p>` : cycleTable(base, "upcoming", cycles, true)}`;
  return page({ base, title: t.upcomingTitle(days), viewer, section: "upcoming" }, body);
}

export function downloadsPage(base: string, viewer: WebViewer, years: { first: number; last: number }): string {
  const yearOptions: Html[] = [];
  for (let y = years.last; y >= Math.max(years.first, years.last - 10); y--) yearOptions.push(html`<option value="${y}"${y === years.last ? html` selected` : ""}>${y}</option>`);
  const body = html`<h1>${t.downloadsTitle}</h1><ul class="downloads">
<li><a class="button" href="${base}download/xlsx" download id="download-xlsx">${t.xlsx}</a> <span class="hint">${t.xlsxHint}</span></li>
<li><a class="button" href="${base}download/csv" download id="download-csv">${t.csv}</a> <span class="hint">${t.csvHint}</span></li>
<li><form method="get" action="${base}download/annual" class="tools"><label>${t.year} <select name="year">${yearOptions}</select></label> <button type="submit">${t.annual}</button> <span class="hint">${t.annualHint}</span></form></li>
</ul>`;
  return page({ base, title: t.downloadsTitle, viewer, section: "downloads" }, body);
}

export function entryPage(base: string): string {
  const body = html`<div class="message" id="entry" data-auth="${base}auth/telegram" data-home="${base}overview" data-failed="${t.errors.sorry}"><h1>${t.appTitle}</h1><p id="entry-status" role="status">${t.opening}</p><noscript><p>${t.login.fromTelegram}</p></noscript></div>`;
  return page({ base, title: t.login.title, viewer: null, section: "none" }, body);
}

export function loginConfirmPage(base: string, code: string): string {
  const body = html`<div class="message"><h1>${t.appTitle}</h1><p>${t.login.confirm}</p><form method="post" action="${base}login"><input type="hidden" name="code" value="${code}"><button type="submit">${t.login.button}</button></form></div>`;
  return page({ base, title: t.login.title, viewer: null, section: "none" }, body);
}

export function messagePage(base: string, viewer: WebViewer | null, title: string, text: string): string {
  return page({ base, title, viewer, section: "none" }, html`<div class="message"><h1>${title}</h1><p>${text}</p></div>`);
}
