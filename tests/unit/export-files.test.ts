/**
 * The pieces behind /report, /status's agency chart and /history that need no database: what a
 * typed /report asks for, the evidence JSON in both its forms, the bars of one agency, the
 * history's wording and its pages.
 */
import { describe, expect, it } from "vitest";
import { parseReportYear } from "../../src/services/exports/annual-report.js";
import { chartBarsForAgency } from "../../src/services/status/status-chart.js";
import { describeChange, historyEntryOf, type TaskHistory } from "../../src/services/status/task-history.js";
import type { HistoryRecord } from "../../src/storage/history-repository.js";
import { parseAttachments, serializeAttachments } from "../../src/storage/evidence.js";
import type { CycleLine } from "../../src/storage/status-repository.js";
import { historyButton } from "../../src/telegram/features/history-buttons.js";
import { readReportRequest } from "../../src/telegram/features/export-files.js";
import { historyBlock, historyView } from "../../src/telegram/views/history-view.js";

describe("/report arguments", () => {
  const today = "2026-11-30";
  it.each([
    ["", { kind: "xlsx" }],
    ["xlsx", { kind: "xlsx" }],
    ["Excel", { kind: "xlsx" }],
    ["csv", { kind: "csv" }],
    ["annual", { kind: "annual", year: 2026 }],
    ["annual 2025", { kind: "annual", year: 2025 }],
    ["năm 2024", { kind: "annual", year: 2024 }],
    ["nam 2027", { kind: "annual", year: 2027 }],
    ["annual 2028", "bad_year"],
    ["annual 1999", "bad_year"],
    ["annual 20x6", "bad_year"],
    ["annual 2026 2027", "usage"],
    ["csv 2026", "usage"],
    ["pdf", "usage"],
  ])("%j", (payload, expected) => {
    expect(readReportRequest(payload, today)).toEqual(expected);
  });

  it("reads a year as typed, the current one when none is", () => {
    expect(parseReportYear(undefined, today)).toBe(2026);
    expect(parseReportYear(" 2022 ", today)).toBe(2022);
    expect(parseReportYear("02026", today)).toBeNull();
  });
});

describe("evidence JSON", () => {
  it("reads the old form (bare ids), the new one (objects) and ignores junk", () => {
    expect(parseAttachments('["BQAC1", {"file_id": "BQAC2", "file_name": "Báo cáo.pdf"}, {"file_id": "AgAC3"}, 7, null, ""]')).toEqual([
      { fileId: "BQAC1", name: null },
      { fileId: "BQAC2", name: "Báo cáo.pdf" },
      { fileId: "AgAC3", name: null },
    ]);
    expect(parseAttachments("not json")).toEqual([]);
    expect(parseAttachments('{"file_id": "x"}')).toEqual([]);
  });

  it("writes objects with the name, keeps bare ids as they came, and round-trips", () => {
    const json = serializeAttachments(["BQAC1", { fileId: "BQAC2", name: "Báo cáo.pdf" }, { fileId: "AgAC3", name: null }]);
    expect(JSON.parse(json)).toEqual(["BQAC1", { file_id: "BQAC2", file_name: "Báo cáo.pdf" }, { file_id: "AgAC3" }]);
    expect(parseAttachments(json).map((a) => a.name)).toEqual([null, "Báo cáo.pdf", null]);
    expect([...(JSON.parse(serializeAttachments([{ fileId: "x", name: "a".repeat(400) }]))[0].file_name as string)]).toHaveLength(255);
  });
});

const line = (taskId: number, section: string, status: CycleLine["status"]): CycleLine => ({
  cycleId: taskId * 10,
  assignmentId: taskId,
  taskId,
  ref: `R${taskId}`,
  planCode: "1861",
  label: `R${taskId}`,
  text: "",
  section,
  agencyId: 1,
  agencyCode: "STC",
  agencyName: "Sở Tài chính",
  period: "once",
  due: null,
  originalDue: null,
  completedOn: null,
  status,
});

describe("one agency's chart", () => {
  it("has a bar per section, in the plan's order, counting each status", () => {
    const bars = chartBarsForAgency([
      line(9, "Tổ chức thực hiện", "overdue"),
      line(2, "Cơ cấu lại đầu tư công", "no_deadline"),
      line(3, "Cơ cấu lại đầu tư công", "done_late"),
      line(8, " ", "in_progress"),
    ]);
    expect(bars.map((b) => b.label)).toEqual(["Cơ cấu lại đầu tư công", "Nhiệm vụ chung", "Tổ chức thực hiện"]);
    expect(bars[0]!.counts).toEqual({ done_on_time: 0, done_late: 1, in_progress: 0, overdue: 0, no_deadline: 1 });
  });
});

const record = (overrides: Partial<HistoryRecord>): HistoryRecord => ({
  id: 1,
  at: "2026-11-27T02:00:00.000Z",
  actor: "person:3",
  actorName: "Lan Nguyễn",
  action: "status_update.recorded",
  entity: "cycle",
  agencyCode: "STC",
  period: "2026",
  before: null,
  after: null,
  ...overrides,
});

describe("a history entry", () => {
  const updates = new Map([[5, { kind: "done", percent: 100, text: "đã xong <b>" }]]);
  const timeZone = "Asia/Ho_Chi_Minh";

  it("says what each audited change did, before and after", () => {
    expect(describeChange(record({ before: { completed_at: null }, after: { status_update: 5, kind: "done", percent: 100, completed: true } }), updates)).toEqual({
      statusUpdate: { kind: "done", percent: 100, text: "đã xong <b>" },
      changes: [{ kind: "completed", before: false, after: true }],
    });
    expect(describeChange(record({ action: "extension.rejected", before: { due_on: "2026-11-30" }, after: { due_on: "2026-11-30", request: 4 } }), updates).changes).toEqual([
      { kind: "due", before: "2026-11-30", after: "2026-11-30" },
    ]);
    expect(describeChange(record({ action: "cycle.due_corrected", before: { dueOn: "2026-06-30", period: "once" }, after: { due: "2026-07-31", period: "once" } }), updates).changes).toEqual(
      [{ kind: "due", before: "2026-06-30", after: "2026-07-31" }],
    );
    expect(
      describeChange(record({ action: "status_update.edited", before: { kind: "progress", percent: 40, text: "a" }, after: { kind: "done", percent: 100, text: "b" } }), updates).changes,
    ).toEqual([{ kind: "statusUpdate", before: { kind: "progress", percent: 40, text: "a" }, after: { kind: "done", percent: 100, text: "b" } }]);
    expect(
      describeChange(
        record({
          action: "task.updated",
          entity: "task",
          before: { text: "cũ", lead_names: '["Sở Tài chính"]', position: 1 },
          after: { text: "mới", lead_names: '["Sở Tài chính"]', position: 2 },
        }),
        updates,
      ).changes,
    ).toEqual([{ kind: "value", field: "text", before: "cũ", after: "mới" }]);
  });

  it("reads in Vietnamese, local time, escaped", () => {
    const block = historyBlock(historyEntryOf(record({ before: { completed_at: null }, after: { status_update: 5, kind: "done", percent: 100, completed: true } }), updates, timeZone));
    expect(block).toBe("🕘 <b>27/11/2026 09:00</b> · Lan Nguyễn · STC, 2026\nGhi nhận báo cáo: Hoàn thành 100% «đã xong &lt;b&gt;»\nTrạng thái: chưa hoàn thành → đã hoàn thành");
    const approved = historyBlock(
      historyEntryOf(
        record({ actor: "cli", actorName: null, action: "extension.approved", before: { due_on: "2026-11-30" }, after: { due_on: "2026-12-15", request: 4 } }),
        updates,
        timeZone,
      ),
    );
    expect(approved).toContain("Quản trị (dòng lệnh) · STC, 2026\nDuyệt gia hạn\nHạn: 30/11/2026 → 15/12/2026");
  });

  it("pages a long history so no message nears 4096 characters, with buttons to move", () => {
    const long = "rất dài ".repeat(500);
    const entries = Array.from({ length: 120 }, (_, i) =>
      historyEntryOf(
        record({ id: i, action: "status_update.edited", before: { kind: "progress", percent: i, text: long }, after: { kind: "note", percent: null, text: long } }),
        updates,
        timeZone,
      ),
    );
    const history: TaskHistory = { task: { id: 42, ref: "IV.2", text: "", removed: false }, entries, total: 400, agencyCode: null };
    const first = historyView(history, 0);
    const pages = Number(/Trang 1\/(\d+)/.exec(first.text)![1]);
    expect(pages).toBeGreaterThan(5);
    let shown = 0;
    for (let page = 0; page < pages; page++) {
      const view = historyView(history, page);
      expect(view.text.length).toBeLessThan(4096);
      shown += view.text.split("🕘").length - 1;
      const data = view.keyboard.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
      if (page < pages - 1) expect(data).toContain(`hs:42:${page + 1}`);
      if (page === pages - 1) expect(view.text).toContain("… và 280 thay đổi cũ hơn");
    }
    expect(shown).toBe(120);
    expect(historyButton.decode(historyButton.encode({ taskId: 42, page: 3 }))).toEqual({ taskId: 42, page: 3 });
    expect(historyButton.decode("hs:42")).toBeNull();
  });
});
