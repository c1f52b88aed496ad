/**
 * `ladder <ref> [--days 30,14,7,1,0] [--monthly-days 5,0] [--overdue-every 3] [--reset] [--json]`:
 * shows a task's reminder ladder, or gives the task its own (over the global one).
 */
import type { LadderOverride } from "../../domain/reminder-ladder.js";
import { lookUpTask } from "../../services/plans/plan-lifecycle.js";
import { setTaskLadder, taskLadder, type TaskLadder } from "../../services/reminders/task-ladder.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { withApp } from "../open.js";
import { cliTexts } from "../texts.js";

export interface LadderArgs {
  ref: string | undefined;
  days?: string;
  monthlyDays?: string;
  overdueEvery?: string;
  reset: boolean;
  json: boolean;
}

function dayList(option: string, value: string): number[] {
  if (!/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/.test(value)) throw new CliError(cliTexts.badDayList(option, value), 2);
  return [...new Set(value.split(",").map((d) => Number(d.trim())))].sort((a, b) => b - a);
}

function overrideOf(args: LadderArgs): LadderOverride | null {
  const own: LadderOverride = {};
  if (args.days !== undefined) own.daysBefore = dayList("--days", args.days);
  if (args.monthlyDays !== undefined) own.monthlyDaysBefore = dayList("--monthly-days", args.monthlyDays);
  if (args.overdueEvery !== undefined) {
    if (!/^\d{1,3}$/.test(args.overdueEvery.trim())) throw new CliError(cliTexts.badDayList("--overdue-every", args.overdueEvery), 2);
    own.overdueEveryDays = Number(args.overdueEvery);
  }
  return Object.keys(own).length > 0 ? own : null;
}

function print(context: CliContext, ladder: TaskLadder, json: boolean): void {
  if (json) return printJson(context.io, { ref: ladder.ref, own: ladder.own, effective: ladder.effective });
  const { effective } = ladder;
  context.io.out(cliTexts.ladderOf(ladder.ref, ladder.own !== null));
  context.io.out(cliTexts.ladderLine(effective.daysBefore, effective.monthlyDaysBefore, effective.overdueEveryDays, effective.hour, effective.minute));
}

export async function runLadder(context: CliContext, args: LadderArgs): Promise<void> {
  if (!args.ref) throw new CliError(cliTexts.missingRef(), 2);
  const ref = args.ref;
  const own = overrideOf(args);
  if (args.reset && own !== null) throw new CliError(cliTexts.ladderResetAlone(), 2);
  await withApp(context, async (app) => {
    const global = app.config.ladder;
    // A bare ref several active plans share is not guessed: the qualified refs are listed.
    const found = await lookUpTask(app.db, ref);
    if (found.kind === "ambiguous") throw new CliError(cliTexts.refAmbiguous(found.ref, found.choices), 2);
    const task = found.kind === "found" ? { taskId: found.task.id } : ref;
    const shown = (ladder: TaskLadder): TaskLadder => (found.kind === "found" ? { ...ladder, ref: found.label } : ladder);
    if (!args.reset && own === null) return print(context, shown(await taskLadder(app.db, task, global)), args.json);
    const ladder = await setTaskLadder(app.db, { ref: task, own: args.reset ? null : own, actor: "cli", now: app.clock.now(), global });
    print(context, shown(ladder), args.json);
  });
}
