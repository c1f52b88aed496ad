/** `ladder`: a task's own reminder ladder from the CLI, on a real database (SQLite and PostgreSQL). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    cli = createCliHarness(undefined, undefined, store);
    expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
  });
  afterEach(() => cli.cleanup());

  describe("ladder", () => {
    it("shows the global ladder, sets a task's own, and goes back to the global one", async () => {
      const shown = await cli.run("ladder", "IV.2");
      expect(shown.code).toBe(0);
      expect(shown.out).toContain("Nhiệm vụ IV.2: theo lịch nhắc chung");
      expect(shown.out).toContain("nhắc trước hạn 14, 7, 3, 1, 0 ngày");

      const set = await cli.json<{ ref: string; own: unknown; effective: { daysBefore: number[]; overdueEveryDays: number; hour: number } }>(
        "ladder",
        "IV.2",
        "--days",
        "0,30, 7",
        "--overdue-every",
        "3",
      );
      expect(set).toEqual({
        ref: "IV.2",
        own: { daysBefore: [30, 7, 0], overdueEveryDays: 3 },
        effective: expect.objectContaining({ daysBefore: [30, 7, 0], overdueEveryDays: 3, hour: 8 }),
      });
      expect((await cli.run("ladder", "IV.2")).out).toContain("lịch nhắc riêng");

      const reset = await cli.run("ladder", "IV.2", "--reset");
      expect(reset.out).toContain("theo lịch nhắc chung");
      expect(reset.out).toContain("14, 7, 3, 1, 0");
    });

    it("finds the task whatever the case the ref is typed in", async () => {
      expect((await cli.run("ladder", "iv.2")).out).toContain("Nhiệm vụ IV.2:");
      expect((await cli.run("ladder", " III.1.4.A.2 ")).out).toContain("Nhiệm vụ III.1.4.a.2:");
    });

    it.each([
      [["ladder"], 2, "Thiếu số thứ tự"],
      [["ladder", "IV.2", "--days", "7;1"], 2, "--days"],
      [["ladder", "IV.2", "--days", "400"], 1, "Lịch nhắc không hợp lệ"],
      [["ladder", "IV.2", "--overdue-every", "0"], 1, "Lịch nhắc không hợp lệ"],
      [["ladder", "IV.2", "--reset", "--days", "7"], 2, "--reset"],
      [["ladder", "IX.9"], 1, "Không tìm thấy nhiệm vụ"],
    ])("refuses %j", async (argv, code, message) => {
      const result = await cli.run(...argv);
      expect(result.code).toBe(code);
      expect(result.err).toContain(message);
    });
  });
});
