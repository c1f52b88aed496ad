/**
 * Issue 11, item 1: one extreme date (31/12/9999, 01/01/0001) stopped every reminder. Dates are
 * bounded where they are entered (/setdue, extension requests read from replies, their approval,
 * the CLI's instants), and a cycle whose stored date still breaks date code (written before the
 * bound, or by an import) is set aside by the planner, shown by `doctor`, and the rest goes on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { diagnose } from "../../src/services/runtime/doctor.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { createCliHarness } from "../support/cli-harness.js";

let h: BotHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const windowText = "01/01/2000 đến 31/12/2100";

async function join(id: number, agency: string, role: "focal" | "coordinator" = "focal") {
  const user = h!.emu.user(id, { first_name: role === "focal" ? `Cán bộ ${agency}` : "Điều phối" });
  user.sendCommand("/start", await h!.invite(agency, role));
  await h!.settle();
  return user;
}

const dueOf = async (ref: string) =>
  (
    await h!.service.app.db
      .selectFrom("cycles")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("tasks", "tasks.id", "assignments.task_id")
      .select("cycles.due_on")
      .where("tasks.ref", "=", ref)
      .execute()
  ).map((c) => c.due_on);

describe("dates outside the window are refused where they are typed", () => {
  it("/setdue 31/12/9999 and 01/01/0001 get an answer naming the window and change nothing", async () => {
    h = await startBotHarness();
    const coordinator = await join(900, "SKHDT", "coordinator");
    const before = await dueOf("III.1.1.a.1");
    for (const date of ["31/12/9999", "01/01/0001", "31/12/2101"]) {
      coordinator.sendCommand("/setdue", `III.1.1.a.1 ${date}`);
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain(windowText);
    }
    expect(await dueOf("III.1.1.a.1")).toEqual(before);
    coordinator.sendCommand("/setdue", "III.1.1.a.1 31/12/2100");
    await h.settle();
    expect(coordinator.lastReceived()?.text).toContain("Đã đặt hạn 31/12/2100");
  });

  it("an extension request to 31/12/9999 in a reply is refused; a request stored before the bound cannot be approved", async () => {
    h = await startBotHarness({ now: "2026-11-20T02:00:00Z" });
    const coordinator = await join(900, "SKHDT", "coordinator");
    const user = await join(721, "SGTVT");
    const card = await h.openCard(user, "IV.2");
    user.sendText("xin gia hạn đến 31/12/9999 vì chờ số liệu", { replyToMessageId: card.messageId });
    await h.settle();
    expect(user.lastReceived()?.text).toContain(windowText);
    expect(await h.service.app.db.selectFrom("extension_requests").select("id").execute()).toEqual([]);

    // A request written before this bound existed: approving it would poison the cycle.
    const cycleId = await h.cycleIdOf("IV.2", "SGTVT");
    const person = await h.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", user.id).executeTakeFirstOrThrow();
    await h.service.app.db
      .insertInto("extension_requests")
      .values({
        cycle_id: cycleId,
        requester_person_id: person.id,
        proposed_due_on: "9999-12-31",
        reason: "cũ",
        state: "pending",
        decided_by_person_id: null,
        decided_at: null,
        created_at: h.now().toISOString(),
      })
      .execute();
    await h.service.app.db
      .insertInto("notices")
      .values({
        person_id: (await h.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", coordinator.id).executeTakeFirstOrThrow()).id,
        key: "extension-old",
        kind: "extension",
        payload: JSON.stringify({ request: 1 }),
        planned_at: h.now().toISOString(),
        state: "planned",
        attempts: 0,
        last_error: null,
        telegram_message_id: null,
        sent_at: null,
        next_attempt_at: null,
        created_at: h.now().toISOString(),
      })
      .execute();
    await h.service.tick();
    await h.settle();
    const request = coordinator.inbox().find((m) => m.text?.includes("gia hạn"))!;
    expect(request).toBeDefined();
    const approve = /"(xa:\d+)"/.exec(JSON.stringify(request.replyMarkup))![1]!;
    const press = coordinator.pressButton(request, approve);
    await h.settle();
    expect(h.emu.callbackAnswer(press.callback_query.id)?.text).toContain(windowText);
    expect(await h.service.app.db.selectFrom("cycles").select("due_on").where("id", "=", cycleId).executeTakeFirstOrThrow()).toEqual({ due_on: "2026-11-30" });
  });
});

describe("the CLI's instants", () => {
  it("tick and status --at refuse an instant outside the window, naming it, and write nothing", async () => {
    const cli = createCliHarness("2026-11-27T02:00:00Z", { BOT_TOKEN: "7000000001:AAHemulatorTestToken_0123456789abcd", TELEGRAM_API_ROOT: "http://127.0.0.1:9" });
    try {
      for (const argv of [
        ["tick", "--at", "9999-12-31T08:00:00+07:00"],
        ["status", "--at", "0001-01-01T08:00:00Z"],
        ["tick", "--at", "+010000-01-01T00:00:00Z"],
      ]) {
        const result = await cli.run(...argv);
        expect(result.code).toBe(2);
        expect(result.err).toContain(windowText);
      }
    } finally {
      cli.cleanup();
    }
  });
});

describe("a poisoned cycle", () => {
  it("is set aside: the other reminders still go out, also after a restart, and doctor names it", async () => {
    h = await startBotHarness({ now: "2026-11-10T02:00:00Z" });
    const poisonedOfficer = await join(731, "SCT");
    const healthy = await join(732, "STC");
    await h.service.tick(); // backlog summaries of the plan's older overdue work
    // Written straight into the database, as a pre-bound /setdue or an import would have.
    const poisoned = await h.cycleIdOf("IV.2", "SCT");
    await h.service.app.db.updateTable("cycles").set({ due_on: "9999-12-31", next_stage_at: "" }).where("id", "=", poisoned).execute();

    const before = h.emu.sent(healthy.id).length;
    h.setNow("2026-11-16T01:00:00Z"); // 08:00 local, the d14 stage of IV.2
    await h.service.tick();
    const got = h.emu
      .sent(healthy.id)
      .slice(before)
      .map((m) => m.text ?? "");
    expect(got.filter((t) => t.includes("Nhắc việc — IV.2"))).toHaveLength(1);
    expect(h.logs.some((l) => l.includes("cycle with a date the planner cannot use"))).toBe(true);

    await h.restart();
    const afterRestart = h.emu.sent(healthy.id).length;
    h.setNow("2026-11-23T01:00:00Z"); // the d7 stage
    await h.service.tick();
    expect(
      h.emu
        .sent(healthy.id)
        .slice(afterRestart)
        .filter((m) => m.text?.includes("Nhắc việc — IV.2")),
    ).toHaveLength(1);
    expect(h.emu.sent(poisonedOfficer.id).filter((m) => m.text?.includes("9999"))).toEqual([]);

    const report = await diagnose({
      env: { BOT_TOKEN: h.emu.token, TELEGRAM_API_ROOT: h.emu.url, DATABASE_PATH: `${h.dir}/dondoc.sqlite` },
      now: h.now(),
      serverTimeZone: "UTC",
      probeFor: () => async () => ({ kind: "ok", id: 1, username: "x" }),
    });
    const check = report.checks.find((c) => c.id === "bad_dates");
    expect(check?.level).toBe("problem");
    expect(JSON.stringify(check)).toContain("9999-12-31");
    expect(JSON.stringify(check)).toContain("IV.2");
  });
});
