/** Parses the command line (node's util.parseArgs) and runs one command; returns the exit code. */
import { parseArgs } from "node:util";
import { databaseLabel, loadConfig } from "../config.js";
import { DomainError } from "../domain/errors.js";
import { PlanDocumentError } from "../plan/parse-plan.js";
import { errorTexts } from "../texts/errors.js";
import { InstanceLockedError } from "../services/runtime/instance-lock.js";
import { FileError } from "../services/plans/plan-files.js";
import { runBackup } from "./commands/backup.js";
import { runDoctor } from "./commands/doctor.js";
import { runImport } from "./commands/import.js";
import { runPlan, runPlans } from "./commands/plans.js";
import { runAgencies, runTasks } from "./commands/listing.js";
import { runInvites, runRevokeInvite } from "./commands/invites.js";
import { runInvite, runPeople, runStatus } from "./commands/people.js";
import { runAgency, runCoord, runMerge, runRegistryExport, runRegistryImport, runSetLead } from "./commands/registry.js";
import { runReport } from "./commands/report.js";
import { runLadder } from "./commands/ladder.js";
import { runTick } from "./commands/tick.js";
import { CliError, type CliContext } from "./context.js";
import { RegistryChangeError } from "../domain/registry-errors.js";
import { RegistryFileError } from "../services/registry/registry-transfer.js";
import { registryErrorTexts } from "../texts/registry.js";
import { cliTexts, registryCliTexts, usage } from "./texts.js";

type Options = Record<string, { type: "boolean" | "string"; multiple?: boolean }>;

// A command that decides its own exit code (doctor) returns it; the others exit 0 or throw.
const commands: Record<string, { options: Options; positionals: number; run: (c: CliContext, v: Record<string, unknown>, p: string[]) => Promise<void | number> }> = {
  import: {
    options: { "dry-run": { type: "boolean" }, json: { type: "boolean" }, force: { type: "boolean" }, review: { type: "boolean" }, out: { type: "string" } },
    positionals: 1,
    run: (c, v, p) => {
      if (!p[0]) throw new CliError(cliTexts.missingFile(), 2);
      return runImport(c, {
        file: p[0],
        dryRun: v["dry-run"] === true,
        json: v.json === true,
        force: v.force === true,
        review: v.review === true,
        ...(typeof v.out === "string" && { out: v.out }),
      });
    },
  },
  agencies: {
    options: { json: { type: "boolean" }, export: { type: "string" }, import: { type: "string" }, "dry-run": { type: "boolean" } },
    positionals: 0,
    run: (c, v) => {
      if (typeof v.export === "string") return runRegistryExport(c, { file: v.export });
      if (typeof v.import === "string") return runRegistryImport(c, { file: v.import, dryRun: v["dry-run"] === true, json: v.json === true });
      return runAgencies(c, { json: v.json === true });
    },
  },
  agency: {
    options: { alias: { type: "string", multiple: true }, parent: { type: "string" }, json: { type: "boolean" } },
    positionals: 4,
    run: (c, v, p) =>
      runAgency(c, { verb: p[0], code: p[1], rest: p.slice(2), alias: (v.alias as string[] | undefined) ?? [], parent: v.parent as string | undefined, json: v.json === true }),
  },
  merge: {
    options: { on: { type: "string" }, source: { type: "string" }, json: { type: "boolean" } },
    positionals: 2,
    run: (c, v, p) => runMerge(c, { from: p[0], into: p[1], on: v.on as string | undefined, source: v.source as string | undefined, json: v.json === true }),
  },
  setlead: {
    options: { from: { type: "string" }, json: { type: "boolean" } },
    positionals: 2,
    run: (c, v, p) => runSetLead(c, { ref: p[0], to: p[1], from: v.from as string | undefined, json: v.json === true }),
  },
  coord: { options: {}, positionals: 3, run: (c, _v, p) => runCoord(c, { verb: p[0], ref: p[1], agency: p[2] }) },
  plans: { options: { json: { type: "boolean" } }, positionals: 0, run: (c, v) => runPlans(c, { json: v.json === true }) },
  plan: { options: { json: { type: "boolean" } }, positionals: 3, run: (c, v, p) => runPlan(c, { verb: p[0], code: p[1], value: p[2], json: v.json === true }) },
  tasks: {
    options: { json: { type: "boolean" }, agency: { type: "string" }, plan: { type: "string" } },
    positionals: 0,
    run: (c, v) => runTasks(c, { json: v.json === true, agency: v.agency as string | undefined, plan: v.plan as string | undefined }),
  },
  invite: {
    options: { json: { type: "boolean" }, role: { type: "string" } },
    // `invite <AGENCY>` or `invite revoke <id>`
    positionals: 2,
    run: (c, v, p) => {
      if (!p[0]) throw new CliError(cliTexts.missingAgency(), 2);
      if (p[0] === "revoke") return runRevokeInvite(c, { id: p[1] });
      if (p[1] !== undefined) throw new CliError(cliTexts.tooManyArguments(p[1]), 2);
      return runInvite(c, { agency: p[0], role: v.role as string | undefined, json: v.json === true });
    },
  },
  invites: { options: { json: { type: "boolean" } }, positionals: 0, run: (c, v) => runInvites(c, { json: v.json === true }) },
  people: {
    options: { json: { type: "boolean" } },
    positionals: 3,
    run: (c, v, p) => runPeople(c, { verb: p[0], id: p[1], agency: p[2], json: v.json === true }),
  },
  tick: {
    options: { json: { type: "boolean" }, at: { type: "string" } },
    positionals: 0,
    run: (c, v) => runTick(c, { at: v.at as string | undefined, json: v.json === true }),
  },
  ladder: {
    options: { days: { type: "string" }, "monthly-days": { type: "string" }, "overdue-every": { type: "string" }, reset: { type: "boolean" }, json: { type: "boolean" } },
    positionals: 1,
    run: (c, v, p) =>
      runLadder(c, {
        ref: p[0],
        ...(typeof v.days === "string" && { days: v.days }),
        ...(typeof v["monthly-days"] === "string" && { monthlyDays: v["monthly-days"] }),
        ...(typeof v["overdue-every"] === "string" && { overdueEvery: v["overdue-every"] }),
        reset: v.reset === true,
        json: v.json === true,
      }),
  },
  status: {
    options: { json: { type: "boolean" }, agency: { type: "string" }, plan: { type: "string" }, at: { type: "string" } },
    positionals: 0,
    run: (c, v) => runStatus(c, { agency: v.agency as string | undefined, plan: v.plan as string | undefined, at: v.at as string | undefined, json: v.json === true }),
  },
  report: {
    options: { format: { type: "string" }, out: { type: "string" }, at: { type: "string" }, plan: { type: "string" } },
    // room for a sub-verb and its argument: `report <verb> <arg>`
    positionals: 2,
    run: (c, v, p) =>
      runReport(c, {
        verb: p[0],
        rest: p.slice(1),
        format: v.format as string | undefined,
        out: v.out as string | undefined,
        at: v.at as string | undefined,
        plan: v.plan as string | undefined,
      }),
  },
  backup: {
    options: { force: { type: "boolean" }, json: { type: "boolean" } },
    positionals: 1,
    run: (c, v, p) => runBackup(c, { file: p[0], force: v.force === true, json: v.json === true }),
  },
  doctor: { options: { json: { type: "boolean" } }, positionals: 0, run: (c, v) => runDoctor(c, { json: v.json === true }) },
};

/** One line naming the database file and the Bot API a command works on (stderr, never stdout). */
function announceWhere(context: CliContext): void {
  let config;
  try {
    config = loadConfig(context.env);
  } catch {
    return; // the command itself reports a bad configuration
  }
  (context.io.note ?? context.io.err)(cliTexts.where(databaseLabel(config), config.telegramApiRoot));
}

export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? context.io.err : context.io.out)(name === undefined ? `${cliTexts.noCommand()}\n${usage}` : usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    context.io.err(cliTexts.unknownCommand(name));
    return 2;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(cliTexts.badArguments((error as Error).message), 2);
    }
    if (parsed.positionals.length > command.positionals) {
      throw new CliError(cliTexts.tooManyArguments(parsed.positionals.slice(command.positionals).join(" ")), 2);
    }
    announceWhere(context);
    const code = await command.run(context, parsed.values as Record<string, unknown>, parsed.positionals);
    return typeof code === "number" ? code : 0;
  } catch (error) {
    if (error instanceof CliError) {
      context.io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof PlanDocumentError) {
      context.io.err(cliTexts.documentProblem(rest.find((a) => !a.startsWith("-")) ?? "", error.line, error.message));
      return 1;
    }
    if (error instanceof RegistryChangeError) {
      context.io.err(registryErrorTexts[error.code](error.details));
      return 1;
    }
    if (error instanceof RegistryFileError) {
      const file = rest.find((a) => /\.(xlsx|csv)$/i.test(a)) ?? "";
      for (const p of error.problems) context.io.err(registryCliTexts.fileProblem(file, p.row, p.column, p.message));
      return 1;
    }
    if (error instanceof DomainError) {
      context.io.err(errorTexts[error.code]);
      return 1;
    }
    if (error instanceof InstanceLockedError) {
      context.io.err(cliTexts.locked(error.holder.pid, error.holder.host));
      return 1;
    }
    if (error instanceof FileError) {
      context.io.err(error.message);
      return 1;
    }
    context.io.err(cliTexts.failed(error instanceof Error ? error.message : String(error)));
    return 1;
  }
}
