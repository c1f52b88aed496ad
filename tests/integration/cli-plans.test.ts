/**
 * Plans as first-class through the CLI: `plans` lists short code, status, issuer and counts;
 * a second plan with the same number gets a suffixed code; `plan code` changes it; `tasks`,
 * `status` and `report` take `--plan`; `plan close` cancels what was planned and not sent for
 * that plan only, and `plan reopen` makes it active again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const secondPlan = "/work/wt/shared/plans/practice/hcm-172-kh-ubnd-2025.txt";

interface PlanJson {
  code: string;
  short_code: string;
  status: string;
  issuer: string | null;
  tasks: number;
  open: number;
  overdue: number;
}

let cli: CliHarness;

// Two imports and several CLI runs each: slow on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    cli = createCliHarness("2026-11-27T02:00:00Z", undefined, store);
    expect(await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).toMatchObject({ code: 0, err: "" });
    expect(await cli.run("import", secondPlan)).toMatchObject({ code: 0, err: "" });
  }, 60_000);
  afterEach(() => cli.cleanup());

  describe("plans", () => {
    it("lists each plan with its short code, status, issuer and counts", async () => {
      const plans = await cli.json<PlanJson[]>("plans");
      expect(plans.map((p) => [p.short_code, p.code, p.status, p.issuer])).toEqual([
        ["1861", "1861/QĐ-UBND", "active", "UBND tỉnh Thanh Hóa"],
        ["172", "172/KH-UBND", "active", "UBND thành phố Hồ Chí Minh"],
      ]);
      expect(plans[0]!.tasks).toBe(101);
      expect(plans[0]!.overdue).toBeGreaterThan(0);
      expect(plans[1]!.tasks).toBe(7);
      const text = await cli.run("plans");
      expect(text.out).toContain("Mã");
      expect(text.out).toContain("Cơ quan ban hành");
      expect(text.out).toMatch(/172\s+│?\s*172\/KH-UBND\s+│?\s*đang theo dõi/);
    });

    it("gives a plan with a number already used a suffixed code, and changes codes on request", async () => {
      await cli.query("insert into plans (code, title, issued_on, source_file, source_hash, imported_at) values ('172/QĐ-UBND', 'Khác', null, 'f', 'h', 'x')");
      expect((await cli.json<PlanJson[]>("plans")).map((p) => p.short_code)).toEqual(["1861", "172", "172-2"]);

      expect((await cli.run("plan", "code", "172", "a/b")).err).toContain('Mã "a/b" không hợp lệ');
      expect((await cli.run("plan", "code", "172", "1861")).err).toContain('Mã "1861" đã dùng cho kế hoạch khác.');
      expect((await cli.run("plan", "code", "404", "X")).err).toContain('Không có kế hoạch "404"');
      const changed = await cli.run("plan", "code", "172", "HCM172");
      expect(changed).toMatchObject({ code: 0 });
      expect(changed.out).toContain("Đã đổi mã kế hoạch 172 thành HCM172");
      const tasks = await cli.json<Array<{ ref: string; plan: string; label: string }>>("tasks", "--plan", "hcm172");
      expect(tasks).toHaveLength(7);
      expect(tasks.every((t) => t.plan === "HCM172" && t.label === `HCM172/${t.ref}`)).toBe(true);
    });
  });

  describe("--plan on tasks, status and report", () => {
    it("filters by plan; the two plans add up to the whole", async () => {
      const all = await cli.json<Array<{ label: string }>>("tasks");
      const of172 = await cli.json<Array<{ label: string }>>("tasks", "--plan", "172");
      expect(all).toHaveLength(108);
      expect(of172.map((t) => t.label)).toContain("172/IV.1");
      expect(all.map((t) => t.label)).toContain("1861/IV.1");
      expect(of172.every((t) => t.label.startsWith("172/"))).toBe(true);

      type Status = { totals: Record<string, number> };
      const sum = (s: Status) => Object.values(s.totals).reduce((a, b) => a + b, 0);
      const whole = await cli.json<Status>("status");
      const one = await cli.json<Status>("status", "--plan", "1861");
      const other = await cli.json<Status>("status", "--plan", "172/KH-UBND");
      expect(sum(one) + sum(other)).toBe(sum(whole));
      expect(sum(other)).toBeGreaterThan(0);

      const csv = (file: string) => readFileSync(join(cli.dir, file), "utf8").trim().split(/\r\n/).length - 1;
      expect(await cli.run("report", "--format", "csv", "--out", join(cli.dir, "all.csv"))).toMatchObject({ code: 0 });
      const written = await cli.run("report", "--plan", "172", "--format", "csv", "--out", join(cli.dir, "172.csv"));
      expect(written).toMatchObject({ code: 0 });
      expect(await cli.run("report", "--plan", "1861", "--format", "csv", "--out", join(cli.dir, "1861.csv"))).toMatchObject({ code: 0 });
      expect(csv("172.csv")).toBe(sum(other));
      expect(csv("172.csv") + csv("1861.csv")).toBe(csv("all.csv"));
      expect(readFileSync(join(cli.dir, "172.csv"), "utf8")).not.toContain("III.1.4.a.2");

      const unknown = await cli.run("report", "--plan", "9999");
      expect(unknown.code).not.toBe(0);
      expect(unknown.err).toContain('Không có kế hoạch "9999"');
    });
  });

  describe("ladder with a ref both plans have", () => {
    it("lists the qualified refs to choose from instead of taking the newest plan's task", async () => {
      const ambiguous = await cli.run("ladder", "IV.1", "--days", "10,0");
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.err).toContain("Số thứ tự IV.1 có trong nhiều kế hoạch; ghi kèm mã kế hoạch, một trong:");
      expect(ambiguous.err).toMatch(/^ {2}1861\/IV\.1 — /m);
      expect(ambiguous.err).toMatch(/^ {2}172\/IV\.1 — Sở Nội vụ/m);
      // Nothing was set on either task.
      expect(await cli.query("select count(*) as n from tasks where ladder is not null")).toEqual([{ n: 0 }]);

      // Qualified, it is that plan's task, shown qualified.
      const set = await cli.run("ladder", "1861/IV.1", "--days", "10,0");
      expect(set).toMatchObject({ code: 0 });
      expect(set.out).toContain("Nhiệm vụ 1861/IV.1: lịch nhắc riêng");
      expect((await cli.run("ladder", "172/IV.1")).out).toContain("Nhiệm vụ 172/IV.1: theo lịch nhắc chung");
      // A ref only one plan has works bare.
      expect((await cli.run("ladder", "III.1.4.a.2")).out).toContain("Nhiệm vụ 1861/III.1.4.a.2: theo lịch nhắc chung");
    });
  });

  describe("plan close, archive and reopen", () => {
    it("cancels the closed plan's unsent reminders and notices only, keeps its history, and reopens", async () => {
      const [{ id: person }] = (await cli.query<{ id: number }>(
        "insert into people (telegram_user_id, chat_id, display_name, agency_id, role, created_at, updated_at) values (1, 1, 'Nội', (select id from agencies where code = 'SNV'), 'focal', 'x', 'x') returning id",
      )) as [{ id: number }];
      const cycleOf = async (plan: string, ref: string) =>
        (
          (await cli.query<{ id: number }>(
            "select c.id from cycles c join assignments a on a.id = c.assignment_id join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id join agencies g on g.id = a.agency_id where p.short_code = ? and t.ref = ? and g.code = 'SNV' and a.role = 'lead'",
            plan,
            ref,
          )) as [{ id: number }]
        )[0].id;
      const of172 = await cycleOf("172", "II.1");
      const of1861 = await cycleOf("1861", "IV.2");
      const remind = (cycle: number, stage: string, state: string) =>
        cli.query("insert into reminders (cycle_id, person_id, stage, planned_at, state, created_at) values (?, ?, ?, 'x', ?, 'x')", cycle, person, stage, state);
      await remind(of172, "d14", "planned");
      await remind(of172, "d30", "sent");
      await remind(of1861, "d14", "planned");
      const notice = (key: string, payload: string) =>
        cli.query("insert into notices (person_id, key, kind, payload, planned_at, state, attempts, created_at) values (?, ?, 'backlog', ?, 'x', 'planned', 0, 'x')", person, key, payload);
      await notice("only-172", JSON.stringify({ cycles: [of172] }));
      await notice("both", JSON.stringify({ cycles: [of172, of1861] }));

      const closed = await cli.run("plan", "close", "172");
      expect(closed).toMatchObject({ code: 0 });
      expect(closed.out).toContain("Kế hoạch 172 nay ở trạng thái «đã kết thúc»: ngừng nhắc việc, hủy 1 tin nhắc và 1 thông báo chưa gửi");
      expect((await cli.run("plan", "close", "172")).out).toBe("Kế hoạch 172 đã ở trạng thái «đã kết thúc».");

      const states = await cli.query("select cycle_id, stage, state, last_error from reminders order by id");
      expect(states).toEqual([
        { cycle_id: of172, stage: "d14", state: "skipped", last_error: "plan closed" },
        { cycle_id: of172, stage: "d30", state: "sent", last_error: null },
        { cycle_id: of1861, stage: "d14", state: "planned", last_error: null },
      ]);
      expect(await cli.query("select key, state from notices order by id")).toEqual([
        { key: "only-172", state: "skipped" },
        { key: "both", state: "planned" },
      ]);
      expect(await cli.query("select action from audit where entity = 'plan' order by id desc limit 1")).toEqual([{ action: "plan.closed" }]);

      const plans = await cli.json<PlanJson[]>("plans");
      expect(plans.map((p) => p.status)).toEqual(["active", "closed"]);
      // One plan active: refs are bare again, the closed plan's tasks still listed.
      const tasks = await cli.json<Array<{ label: string }>>("tasks", "--plan", "172");
      expect(tasks.map((t) => t.label)).toContain("IV.1");

      expect((await cli.run("plan", "archive", "172")).out).toContain("«lưu trữ»");
      expect((await cli.run("plan", "reopen", "172")).out).toContain("Đã mở lại kế hoạch 172");
      expect((await cli.json<PlanJson[]>("plans")).map((p) => p.status)).toEqual(["active", "active"]);
      expect((await cli.run("plan", "shut", "172")).err).toContain("Cách dùng: plan close|archive|reopen");
    });
  });
});
