/** A 6-monthly deadline ("định kỳ 6 tháng") gives one cycle per half year. */
import { describe, expect, it } from "vitest";
import { firstCycle, recurringCycleAt } from "../../src/domain/cycles.js";
import type { Deadline } from "../../src/domain/deadline.js";

const every6: Deadline = { kind: "semiannual", phrase: "định kỳ 6 tháng" };

describe("semiannual cycles", () => {
  it("falls due at the end of June and of December", () => {
    expect(recurringCycleAt(every6, "2026-02-10")).toEqual({ period: "2026-H1", due: "2026-06-30" });
    expect(recurringCycleAt(every6, "2026-07-01")).toEqual({ period: "2026-H2", due: "2026-12-31" });
  });

  it("keeps the day and month the plan gives, and its twin six months later", () => {
    const day: Deadline = { kind: "semiannual", month: 6, day: 15, phrase: "trước ngày 15/6 và 15/12" };
    expect(recurringCycleAt(day, "2026-03-01")).toEqual({ period: "2026-H1", due: "2026-06-15" });
    expect(recurringCycleAt(day, "2026-09-01")).toEqual({ period: "2026-H2", due: "2026-12-15" });
  });

  it("tracks the next half year once this one's due date has passed", () => {
    const day: Deadline = { kind: "semiannual", month: 6, day: 15, phrase: "" };
    expect(firstCycle(day, "2026-06-20")).toEqual({ period: "2026-H2", due: "2026-12-15" });
    expect(firstCycle(every6, "2026-12-31")).toEqual({ period: "2026-H2", due: "2026-12-31" });
  });
});
