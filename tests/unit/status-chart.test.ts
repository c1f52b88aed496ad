/**
 * The status chart read back pixel by pixel: the PNG decodes, has the size the layout says,
 * draws one bar per item with a segment per non-zero status in the taxonomy's colour and order,
 * each as long as its count, and renders Vietnamese text with the bundled fonts.
 */
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { cycleStatuses, type CycleStatus } from "../../src/domain/task-status.js";
import {
  chartBarsForPlan,
  chartBarsForTask,
  maxBars,
  renderStatusChart,
  statusChartLayout,
  statusColors,
  type StatusBar,
  type StatusChartInput,
} from "../../src/services/status/status-chart.js";
import type { PlanStatus, TaskStatus } from "../../src/services/status/status-summary.js";
import type { CycleLine, StatusCounts } from "../../src/storage/status-repository.js";

const counts = (done_on_time: number, done_late: number, in_progress: number, overdue: number, no_deadline: number): StatusCounts => ({
  done_on_time,
  done_late,
  in_progress,
  overdue,
  no_deadline,
});

const bars: StatusBar[] = [
  { label: "SKHDT", counts: counts(12, 3, 7, 5, 9) },
  { label: "STC", counts: counts(0, 1, 0, 2, 0) },
  { label: "SXD", counts: counts(0, 0, 0, 0, 0) },
  { label: "UB-NHUXUAN", counts: counts(4, 0, 0, 0, 1) },
];
const input: StatusChartInput = { title: "Tình hình thực hiện Kế hoạch 1861/QĐ-UBND", subtitle: "Tính đến ngày 05/12/2026", bars };

function decode(buffer: Buffer) {
  const png = PNG.sync.read(buffer);
  const rgb = (x: number, y: number) => {
    const i = (png.width * y + x) * 4;
    return `#${[png.data[i]!, png.data[i + 1]!, png.data[i + 2]!].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
  };
  const dark = (x: number, y: number) => {
    const i = (png.width * y + x) * 4;
    return png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 3 * 110;
  };
  return { png, rgb, dark };
}

const statusOfColor = new Map(Object.entries(statusColors).map(([status, color]) => [color, status as CycleStatus]));

/** Runs of one colour along a row, as [colour, length]. */
function runs(colors: readonly string[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const color of colors) {
    const last = out[out.length - 1];
    if (last && last[0] === color) last[1]++;
    else out.push([color, 1]);
  }
  return out;
}

describe("the status chart", () => {
  const layout = statusChartLayout(input);
  const image = decode(renderStatusChart(input));

  it("is a PNG of the size its layout gives", () => {
    expect(image.png.width).toBe(1000);
    expect(image.png.height).toBe(layout.height);
    expect(layout.shown).toBe(bars.length);
  });

  it("draws each status as a segment in its colour, in the taxonomy's order, as long as its count", () => {
    for (const [i, bar] of bars.entries()) {
      // Just under the bar's top edge: above the counts written inside the segments.
      const y = layout.barsTop + i * layout.pitch + 2;
      const row = Array.from({ length: layout.plotWidth + 40 }, (_, k) => image.rgb(Math.round(layout.plotLeft) + k, y));
      const segments = runs(row).filter(([color]) => statusOfColor.has(color));
      const expected = cycleStatuses.filter((s) => bar.counts[s] > 0);
      expect(segments.map(([color]) => statusOfColor.get(color))).toEqual(expected);
      for (const [color, length] of segments) expect(Math.abs(length - bar.counts[statusOfColor.get(color)!] * layout.scale)).toBeLessThanOrEqual(1.5);
    }
  });

  it("draws one bar per item with something to show, down a column at the axis", () => {
    const x = Math.round(layout.plotLeft) + 2;
    const column = Array.from({ length: layout.shown * layout.pitch }, (_, k) => image.rgb(x, layout.barsTop + k));
    const barRuns = runs(column.map((c) => (statusOfColor.has(c) ? "bar" : "gap"))).filter(([kind]) => kind === "bar");
    expect(barRuns).toHaveLength(bars.filter((b) => b.counts.done_on_time + b.counts.done_late + b.counts.in_progress + b.counts.overdue + b.counts.no_deadline > 0).length);
    for (const [, length] of barRuns) expect(length).toBe(layout.barHeight);
  });

  it("renders the title and Vietnamese labels with the bundled fonts", () => {
    const vietnamese = {
      title: input.title,
      bars: [
        { label: 'Sở Văn hóa, Thể thao và Du lịch <&> "Đ"', counts: counts(1, 0, 0, 0, 0) },
        { label: "", counts: counts(1, 0, 0, 0, 0) },
      ],
    };
    const l = statusChartLayout(vietnamese);
    const { dark } = decode(renderStatusChart(vietnamese));
    const darkIn = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (dark(x, y)) n++;
      return n;
    };
    const labelArea = (i: number) => darkIn(24, l.barsTop + i * l.pitch, Math.floor(l.plotLeft) - 4, l.barsTop + i * l.pitch + l.barHeight);
    expect(darkIn(24, 20, 500, 50)).toBeGreaterThan(200);
    expect(labelArea(0)).toBeGreaterThan(300);
    expect(labelArea(1)).toBe(0);
  });

  it("fits Telegram's photo limits for a province's 60 agencies, and caps what it draws", () => {
    const many = (n: number) => ({ title: "Cơ quan", bars: Array.from({ length: n }, (_, i) => ({ label: `UB-${i}`, counts: counts(i % 5, 1, 2, i % 3, 0) })) });
    for (const n of [60, 1000]) {
      const l = statusChartLayout(many(n));
      expect(l.shown).toBe(Math.min(n, maxBars));
      expect(l.width + l.height).toBeLessThanOrEqual(10_000);
      expect(l.height / l.width).toBeLessThanOrEqual(20);
      expect(l.pitch).toBeGreaterThanOrEqual(20);
    }
    const png = PNG.sync.read(renderStatusChart(many(60)));
    expect([png.width, png.height]).toEqual([1000, statusChartLayout(many(60)).height]);
  });

  it("renders with no bars at all", () => {
    const png = PNG.sync.read(renderStatusChart({ title: "Trống", bars: [] }));
    expect(png.width).toBe(1000);
  });
});

describe("bars from the status report", () => {
  it("takes one bar per agency of planStatus(), in its order", () => {
    const plan: PlanStatus = {
      at: "2026-12-05",
      totals: counts(3, 1, 2, 4, 0),
      agencies: [
        { agencyId: 2, code: "STC", name: "Sở Tài chính", ...counts(1, 0, 2, 4, 0) },
        { agencyId: 1, code: "SNV", name: "Sở Nội vụ", ...counts(2, 1, 0, 0, 0) },
      ],
    };
    expect(chartBarsForPlan(plan)).toEqual([
      { label: "STC", counts: counts(1, 0, 2, 4, 0) },
      { label: "SNV", counts: counts(2, 1, 0, 0, 0) },
    ]);
  });

  it("takes one bar per lead agency of a task, counting its cycles", () => {
    const line = (agencyCode: string, status: CycleStatus) => ({ agencyCode, status }) as CycleLine;
    const task = { cycles: [line("SNV", "done_on_time"), line("STC", "overdue"), line("SNV", "in_progress")] } as TaskStatus;
    expect(chartBarsForTask(task)).toEqual([
      { label: "SNV", counts: counts(1, 0, 1, 0, 0) },
      { label: "STC", counts: counts(0, 0, 0, 1, 0) },
    ]);
  });
});
