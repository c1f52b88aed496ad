/**
 * Button data and the features that own it: every kind writes the data it wrote before features
 * owned their buttons (buttons already sitting in chats keep working), the shared strict rules
 * refuse forged data, and two features cannot claim one prefix, one command or one button.
 */
import { describe, expect, it } from "vitest";
import { decodeCallback, defineCallback } from "../../src/telegram/callback-data.js";
import type { WiredDeps } from "../../src/telegram/deps.js";
import { commandDescriptions } from "../../src/telegram/texts.js";
import { commandHelpFor, commandMenuFor, composeFeatures, defineFeature } from "../../src/telegram/feature.js";
import { approveButton, rejectButton, setdueButton, taskStatusButton } from "../../src/telegram/features/coordinator-buttons.js";
import { historyButton } from "../../src/telegram/features/history-buttons.js";
import { features } from "../../src/telegram/features/index.js";
import { planButton } from "../../src/telegram/features/plan-upload-buttons.js";
import { dropButton, pickButton, pickPageButton, statusButton, undoButton } from "../../src/telegram/features/status-replies-buttons.js";
import { cardButton, fullButton, pageButton } from "../../src/telegram/features/tasks-buttons.js";

/** what the features' creation reads from the bot's dependencies (nothing runs) */
const deps = { services: {}, config: {} } as unknown as WiredDeps;

describe("button data", () => {
  it.each([
    ["pg:3", pageButton.encode({ page: 3 }), { page: 3 }],
    ["cd:17", cardButton.encode({ assignmentId: 17 }), { assignmentId: 17 }],
    ["fl:17", fullButton.encode({ assignmentId: 17 }), { assignmentId: 17 }],
    ["st:5:p", statusButton.encode({ cycleId: 5, kind: "progress" }), { cycleId: 5, kind: "progress" }],
    ["st:5:d", statusButton.encode({ cycleId: 5, kind: "done" }), { cycleId: 5, kind: "done" }],
    ["st:5:b", statusButton.encode({ cycleId: 5, kind: "blocked" }), { cycleId: 5, kind: "blocked" }],
    ["st:5:e", statusButton.encode({ cycleId: 5, kind: "extension" }), { cycleId: 5, kind: "extension" }],
    ["un:9", undoButton.encode({ statusUpdateId: 9 }), { statusUpdateId: 9 }],
    ["pk:4:5", pickButton.encode({ pendingId: 4, cycleId: 5 }), { pendingId: 4, cycleId: 5 }],
    ["pp:4:2", pickPageButton.encode({ pendingId: 4, page: 2 }), { pendingId: 4, page: 2 }],
    ["dr:4", dropButton.encode({ pendingId: 4 }), { pendingId: 4 }],
    ["xa:8", approveButton.encode({ requestId: 8 }), { requestId: 8 }],
    ["xr:8", rejectButton.encode({ requestId: 8 }), { requestId: 8 }],
    ["hs:42:3", historyButton.encode({ taskId: 42, page: 3 }), { taskId: 42, page: 3 }],
    ["pl:6:i", planButton.encode({ uploadId: 6, decision: "import" }), { uploadId: 6, decision: "import" }],
    ["pl:6:c", planButton.encode({ uploadId: 6, decision: "cancel" }), { uploadId: 6, decision: "cancel" }],
    ["ts:12", taskStatusButton.encode({ taskId: 12 }), { taskId: 12 }],
    ["sd:12:20261215", setdueButton.encode({ taskId: 12, due: "2026-12-15" }), { taskId: 12, due: "2026-12-15" }],
  ])("%s is written as before and read back by its kind", (wire, encoded, value) => {
    expect(encoded).toBe(wire);
    expect(decodeCallback(wire)?.value).toEqual(value);
    expect(decodeCallback(wire)?.kind.prefix).toBe(wire.slice(0, 2));
  });

  it.each([
    ["too long", `cd:1${"0".repeat(70)}`],
    ["an unknown prefix", "zz:1"],
    ["no prefix", "17"],
    ["an empty id", "cd:"],
    ["an id that is not a number", "cd:abc"],
    ["a negative id", "cd:-1"],
    ["an id of 13 digits", "cd:1234567890123"],
    ["a field too many", "cd:1:2"],
    ["a field too few", "pk:1"],
    ["a trailing colon", "un:5:"],
    ["an unknown status code", "st:1:x"],
    ["a prototype key as status code", "st:1:constructor"],
    ["a page of 10,000", "pg:10000"],
    ["a history page of 10,000", "hs:1:10000"],
    ["a picker page that is not a number", "pp:1:x"],
    ["an unknown plan decision", "pl:1:x"],
    ["an impossible date", "sd:1:20260230"],
  ])("refuses %s", (_, data) => {
    expect(decodeCallback(data)).toBeNull();
  });

  it("refuses a prefix another feature has claimed, naming both", () => {
    expect(() => defineCallback({ owner: "toy", prefix: "cd", fields: 1, write: ({ id }: { id: number }) => [id], read: (id) => ({ id }) })).toThrow(/"cd" is claimed by both tasks and toy/);
    // the first claim stands
    expect(decodeCallback("cd:1")?.kind).toBe(cardButton);
  });

  it("refuses a prefix that is not two lower-case letters", () => {
    expect(() => defineCallback({ owner: "toy", prefix: "c:", fields: 1, write: ({ id }: { id: number }) => [id], read: (id) => ({ id }) })).toThrow(/two lower-case letters/);
  });
});

describe("composing the features", () => {
  const toyButton = defineCallback({ owner: "toy", prefix: "zy", fields: 1, write: ({ id }: { id: number }) => [id], read: (id) => ({ id }) });
  const toy = (name: string, commands: Record<string, { menu?: "everyone" }>, withButton = false) =>
    defineFeature({
      name,
      commands,
      create(feature) {
        for (const command of Object.keys(commands)) feature.command(command, async () => undefined);
        if (withButton) feature.button(toyButton, async () => undefined);
      },
    });

  it("lets the coordinators' group use the read-only commands and the history pages, as before", () => {
    const { routes, groupCommands } = composeFeatures(features, deps);
    expect([...groupCommands]).toEqual(expect.arrayContaining(["status", "overdue", "upcoming", "report", "history", "help", "whoami"]));
    for (const command of ["tasks", "setdue", "plans", "plan", "web", "invite", "people", "agency", "setlead", "start"]) expect(groupCommands.has(command)).toBe(false);
    expect([...routes.keys()]).toEqual(expect.arrayContaining(["cd", "dr", "fl", "hs", "pg", "pk", "pl", "pp", "sd", "st", "ts", "un", "xa", "xr"]));
    expect(routes.get("hs")?.inGroup).toBe(true);
    for (const prefix of ["cd", "st", "xa", "pl", "sd", "ts"]) expect(routes.get(prefix)?.inGroup).toBe(false);
  });

  it("builds each role's menu from what its audiences see, in the order of the descriptions", () => {
    const names = (role: "focal" | "coordinator" | "admin") => commandMenuFor(features, role).map((c) => c.command);
    const order = Object.keys(commandDescriptions);
    for (const role of ["focal", "coordinator", "admin"] as const) expect(names(role)).toEqual(order.filter((c) => names(role).includes(c)));
    expect(names("focal")).toEqual(expect.arrayContaining(["tasks", "whoami", "help"]));
    expect(names("focal")).not.toContain("status");
    expect(names("coordinator")).toEqual(expect.arrayContaining([...names("focal"), "status", "report", "setdue"]));
    expect(names("coordinator")).not.toContain("invite");
    expect(names("admin")).toEqual(order);
    expect(names("admin")).not.toContain("revoke_invite");
  });

  it("shows each role in /help only the commands its menu has, the administrators' under their own heading", () => {
    const focal = commandHelpFor(features, "focal");
    expect(focal).toContain("/tasks — ");
    // Not in an officer's menu, but theirs to use.
    expect(focal).toContain("/history ");
    expect(focal).toContain("/web ");
    expect(focal).toContain("Báo cáo tiến độ: trả lời (Reply)");
    // An officer is not told of commands that would only answer "for coordinators".
    for (const command of ["/status", "/setdue", "/setlead", "/report", "/invite", "/merge"]) expect(focal).not.toContain(command);
    const coordinator = commandHelpFor(features, "coordinator");
    for (const command of ["/tasks", "/status", "/overdue", "/upcoming", "/setdue", "/report", "/history", "/setlead", "/addcoord", "/rmcoord"]) expect(coordinator).toContain(`${command} `);
    expect(coordinator).not.toContain("Quản trị");
    expect(coordinator).not.toContain("/invite");
    const admin = commandHelpFor(features, "admin");
    expect(admin).toContain(coordinator.split("\n").slice(1).join("\n"));
    expect(admin.split("<b>Quản trị</b>")[1]).toMatch(/\/invite [\s\S]*\/revoke_invite [\s\S]*\/merge /);
  });

  it("shows in the coordinators' group only the commands usable there", () => {
    const group = commandHelpFor(features, "admin", true);
    for (const command of ["/status ", "/overdue ", "/upcoming ", "/report ", "/history ", "/whoami "]) expect(group).toContain(command);
    for (const command of ["/tasks", "/setdue", "/setlead", "/invite", "Quản trị"]) expect(group).not.toContain(command);
  });

  it("refuses a menu command without a line in /help, and a line for a command no menu has", () => {
    const undocumented = defineFeature({ name: "toy", commands: { toyping: { menu: "everyone" } }, create: (feature) => void feature.command("toyping", async () => undefined) });
    expect(() => commandHelpFor([...features, undocumented], "focal")).toThrow("command /toyping of toy is in the menu but has no line in commandHelp");
    expect(() =>
      commandHelpFor(
        features.filter((f) => f.name !== "web"),
        "focal",
      ),
    ).toThrow("commandHelp has /web, which no feature puts in the menu");
  });

  it("refuses two features declaring one command", () => {
    expect(() => composeFeatures([...features, toy("toy", { tasks: {} })], deps)).toThrow("command /tasks is declared by both tasks and toy");
  });

  it("refuses two features handling one kind of button", () => {
    expect(() => composeFeatures([...features, toy("one", {}, true), toy("two", {}, true)], deps)).toThrow('buttons "zy:" are handled by both one and two');
  });

  it("refuses a declared command without a handler", () => {
    const silent = defineFeature({ name: "silent", commands: { quiet: {} }, create: () => undefined });
    expect(() => composeFeatures([...features, silent], deps)).toThrow("silent declares /quiet but does not handle it");
  });

  it("refuses a menu command without a description", () => {
    expect(() => composeFeatures([...features, toy("toy", { toyping: { menu: "everyone" } })], deps)).toThrow(/\/toyping of toy is in the menu but has no description/);
  });

  it("refuses a description of a command no feature puts in the menu", () => {
    expect(() =>
      commandMenuFor(
        features.filter((f) => f.name !== "web"),
        "focal",
      ),
    ).toThrow("commandDescriptions has /web, which no feature puts in the menu");
  });
});
