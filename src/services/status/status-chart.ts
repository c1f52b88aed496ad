/**
 * The status picture coordinators get as a photo: one stacked horizontal bar per agency (or
 * any label), a colour per status of the official taxonomy, a Vietnamese legend. Drawn as SVG
 * and rendered with resvg and the bundled DejaVu fonts only, so it looks the same on any
 * machine and Vietnamese diacritics always have glyphs.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { cycleStatuses, type CycleStatus } from "../../domain/task-status.js";
import type { CycleLine, StatusCounts } from "../../storage/status-repository.js";
import { chartTexts } from "../../texts/chart.js";
import { statusLabels } from "../../texts/labels.js";
import { totalOf, type PlanStatus, type TaskStatus } from "./status-summary.js";

export interface StatusBar {
  label: string;
  counts: StatusCounts;
}

export interface StatusChartInput {
  title: string;
  subtitle?: string;
  bars: readonly StatusBar[];
}

export const statusColors: Record<CycleStatus, string> = {
  done_on_time: "#2e7d32",
  done_late: "#ef8c00",
  in_progress: "#1e88e5",
  overdue: "#d32f2f",
  no_deadline: "#757575",
};

const width = 1000;
const pad = 24;
const pitch = 28;
const barHeight = 18;
const labelFont = 13;
/** 150 bars make a 1000 × ~4400 px picture: inside Telegram's limits (w + h ≤ 10,000, ratio ≤ 20). */
export const maxBars = 150;
// DejaVu Sans: capitals and digits about 0.7 em, other characters about 0.56; an estimate is enough for layout.
const textWidth = (text: string, size: number) => [...text].reduce((w, c) => w + (/[\p{Lu}\d]/u.test(c) ? 0.7 : 0.56), 0) * size;

export interface StatusChartLayout {
  width: number;
  height: number;
  /** the bars drawn (at most maxBars) */
  shown: number;
  plotLeft: number;
  plotWidth: number;
  /** pixels per counted cycle */
  scale: number;
  axisMax: number;
  tick: number;
  /** top edge of the first bar; bar i starts at barsTop + i × pitch */
  barsTop: number;
  pitch: number;
  barHeight: number;
  legendRows: Array<Array<{ status: CycleStatus; x: number; text: string }>>;
}

const legendTop = (input: StatusChartInput) => pad + 36 + (input.subtitle ? 24 : 0);

function niceTick(max: number): number {
  const rough = Math.max(1, max / 5);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((step) => step >= rough)!;
}

export function statusChartLayout(input: StatusChartInput): StatusChartLayout {
  const shown = Math.min(input.bars.length, maxBars);
  const bars = input.bars.slice(0, shown);
  const totals = bars.map((b) => totalOf(b.counts));
  const tick = niceTick(Math.max(0, ...totals));
  const axisMax = Math.max(tick, Math.ceil(Math.max(0, ...totals) / tick) * tick);
  const labelWidth = Math.min(width * 0.35, Math.max(40, ...bars.map((b) => textWidth(b.label, labelFont))));
  const plotLeft = pad + labelWidth + 10;
  const plotWidth = width - pad - 44 - plotLeft;
  const legendRows: StatusChartLayout["legendRows"] = [[]];
  let x = pad;
  for (const status of cycleStatuses) {
    const sum = input.bars.reduce((n, b) => n + b.counts[status], 0);
    const text = `${statusLabels[status]} (${sum})`;
    const itemWidth = 20 + textWidth(text, labelFont) + 18;
    if (x + itemWidth > width - pad && x > pad) {
      legendRows.push([]);
      x = pad;
    }
    legendRows[legendRows.length - 1]!.push({ status, x, text });
    x += itemWidth;
  }
  const barsTop = legendTop(input) + legendRows.length * 24 + 26;
  const footer = 30 + (input.bars.length > shown ? 22 : 0) + (shown === 0 ? 30 : 0);
  return { width, height: Math.round(barsTop + shown * pitch + footer + pad), shown, plotLeft, plotWidth, scale: plotWidth / axisMax, axisMax, tick, barsTop, pitch, barHeight, legendRows };
}

function escapeXml(text: string): string {
  return text.normalize("NFC").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clip(text: string, maxWidth: number, size: number): string {
  if (textWidth(text, size) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join("")}…`, size) > maxWidth) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

function label(x: number, y: number, text: string, attrs = ""): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeXml(text)}</text>`;
}

export function statusChartSvg(input: StatusChartInput): string {
  const l = statusChartLayout(input);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" font-family="DejaVu Sans">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(label(pad, pad + 20, clip(input.title, l.width - 2 * pad, 20), `font-size="20" font-weight="bold" fill="#212121"`));
  if (input.subtitle) out.push(label(pad, pad + 44, clip(input.subtitle, l.width - 2 * pad, 14), `font-size="14" fill="#616161"`));
  l.legendRows.forEach((row, r) => {
    for (const item of row) {
      const y = legendTop(input) + r * 24;
      out.push(`<rect x="${item.x}" y="${y}" width="14" height="14" rx="2" fill="${statusColors[item.status]}"/>`);
      out.push(label(item.x + 20, y + 12, item.text, `font-size="${labelFont}" fill="#424242"`));
    }
  });
  const plotBottom = l.barsTop + l.shown * l.pitch;
  for (let value = 0; value <= l.axisMax; value += l.tick) {
    const x = Math.round(l.plotLeft + value * l.scale) + 0.5;
    out.push(`<line x1="${x}" y1="${l.barsTop - 6}" x2="${x}" y2="${plotBottom}" stroke="${value === 0 ? "#9e9e9e" : "#e0e0e0"}" stroke-width="1"/>`);
    out.push(label(x, plotBottom + 18, String(value), `font-size="12" fill="#616161" text-anchor="middle"`));
  }
  input.bars.slice(0, l.shown).forEach((bar, i) => {
    const y = l.barsTop + i * l.pitch;
    out.push(label(l.plotLeft - 10, y + l.barHeight / 2 + 5, clip(bar.label, l.plotLeft - pad - 10, labelFont), `font-size="${labelFont}" fill="#212121" text-anchor="end"`));
    let count = 0;
    for (const status of cycleStatuses) {
      const n = bar.counts[status];
      if (n === 0) continue;
      // Edges on whole pixels from the running sum: segments stay crisp and add up exactly.
      const x0 = Math.round(l.plotLeft + count * l.scale);
      const x1 = Math.round(l.plotLeft + (count + n) * l.scale);
      count += n;
      out.push(`<rect x="${x0}" y="${y}" width="${x1 - x0}" height="${l.barHeight}" fill="${statusColors[status]}" shape-rendering="crispEdges"/>`);
      if (x1 - x0 >= textWidth(String(n), 11) + 6)
        out.push(label((x0 + x1) / 2, y + l.barHeight / 2 + 4, String(n), `font-size="11" font-weight="bold" fill="#ffffff" text-anchor="middle"`));
    }
    out.push(label(Math.round(l.plotLeft + count * l.scale) + 6, y + l.barHeight / 2 + 5, String(count), `font-size="12" fill="#424242"`));
  });
  if (l.shown === 0) out.push(label(l.width / 2, l.barsTop + 20, chartTexts.empty, `font-size="14" fill="#757575" text-anchor="middle"`));
  if (input.bars.length > l.shown) out.push(label(pad, plotBottom + 44, chartTexts.more(input.bars.length - l.shown), `font-size="13" fill="#616161"`));
  out.push(`</svg>`);
  return out.join("\n");
}

function fontFiles(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return [join(dir, "DejaVuSans.ttf"), join(dir, "DejaVuSans-Bold.ttf")];
}

/** The chart as a PNG, ready to send as a Telegram photo. */
export function renderStatusChart(input: StatusChartInput): Buffer {
  const resvg = new Resvg(statusChartSvg(input), { font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" } });
  return resvg.render().asPng();
}

const countsOf = (source: StatusCounts): StatusCounts => Object.fromEntries(cycleStatuses.map((s) => [s, source[s]])) as StatusCounts;

/** One bar per agency of `planStatus()`, in its order (most overdue first). */
export function chartBarsForPlan(plan: PlanStatus): StatusBar[] {
  return plan.agencies.map((agency) => ({ label: agency.code, counts: countsOf(agency) }));
}

/** One bar per lead agency of a task (a group task's 59 reports, or a monthly task's months). */
export function chartBarsForTask(task: Pick<TaskStatus, "cycles">): StatusBar[] {
  const bars = new Map<string, StatusBar>();
  for (const cycle of task.cycles) {
    let bar = bars.get(cycle.agencyCode);
    if (!bar) bars.set(cycle.agencyCode, (bar = { label: cycle.agencyCode, counts: { done_on_time: 0, done_late: 0, in_progress: 0, overdue: 0, no_deadline: 0 } }));
    bar.counts[cycle.status]++;
  }
  return [...bars.values()];
}

/**
 * One agency's lead cycles, one bar per section of the plan ("Cơ cấu lại đầu tư công", …) in
 * the plan's order: where the agency is behind, not a bar per task.
 */
export function chartBarsForAgency(cycles: readonly CycleLine[]): StatusBar[] {
  const bars = new Map<string, { bar: StatusBar; first: number }>();
  for (const cycle of cycles) {
    const label = cycle.section.trim() || chartTexts.noSection;
    let entry = bars.get(label);
    if (!entry) bars.set(label, (entry = { bar: { label, counts: { done_on_time: 0, done_late: 0, in_progress: 0, overdue: 0, no_deadline: 0 } }, first: cycle.taskId }));
    entry.bar.counts[cycle.status]++;
    // Task ids follow the plan's order as imported.
    entry.first = Math.min(entry.first, cycle.taskId);
  }
  return [...bars.values()].sort((a, b) => a.first - b.first).map((entry) => entry.bar);
}
