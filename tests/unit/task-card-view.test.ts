import { describe, expect, it } from "vitest";
import type { TaskCard } from "../../src/services/status/agency-tasks.js";
import { taskCardView } from "../../src/telegram/views/tasks-view.js";

const card = (overrides: Partial<TaskCard>): TaskCard => ({
  assignmentId: 7,
  taskId: 3,
  ref: "I.3",
  section: "Nhiệm vụ chung",
  text: "Theo dõi, đôn đốc thường xuyên việc thực hành tiết kiệm.",
  role: "lead",
  deadline: { kind: "none", phrase: "thường xuyên" } as TaskCard["deadline"],
  cycleId: 11,
  due: null,
  status: "no_deadline",
  daysLeft: null,
  agencyCode: "STC",
  agencyName: "Sở Tài chính",
  originalDue: null,
  leadNames: ["Sở Tài chính"],
  coordinateNames: [],
  formerAgencyName: null,
  updates: [],
  canUpdate: true,
  ...overrides,
});

describe("the task card", () => {
  it("says once that a task has no deadline", () => {
    const text = taskCardView(card({}), false).text;
    expect(text.split("Không có hạn").length - 1).toBe(1);
    expect(text).toContain("Không có hạn (theo văn bản: «thường xuyên»)");
  });

  it("still shows the status of a dated task", () => {
    const text = taskCardView(card({ due: "2026-11-30", status: "overdue", daysLeft: -3 }), false).text;
    expect(text).toContain("Hạn: 30/11/2026, quá hạn 3 ngày");
    expect(text).toContain("🔴 Quá hạn");
  });
});
