/**
 * The registry from the shell: `agencies --export/--import`, `agency add|rename|alias|unalias|
 * parent|kind`, `merge`, `setlead`, `coord add|remove`. Each change is audited as "cli".
 */
import { readFile, writeFile } from "node:fs/promises";
import { formatVietnameseDate, parseTypedDate } from "../../domain/local-date.js";
import { addAgency, editAgency, type AgencyEdit } from "../../services/registry/registry-admin.js";
import { changeCoordinator, mergeAgencies, setLead } from "../../services/registry/registry-merge.js";
import { exportRegistry, importRegistry, registryFormatOf } from "../../services/registry/registry-transfer.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { withApp } from "../open.js";
import { registryCliTexts as t } from "../texts.js";

const actor = "cli";

export async function runRegistryExport(context: CliContext, args: { file: string }): Promise<void> {
  const format = registryFormatOf(args.file);
  if (!format) throw new CliError(t.badRegistryFile(args.file), 2);
  await withApp(context, async (app) => {
    const { bytes, count } = await exportRegistry(app.db, format);
    await writeFile(args.file, bytes);
    context.io.out(t.exported(count, args.file));
  });
}

export async function runRegistryImport(context: CliContext, args: { file: string; dryRun: boolean; json: boolean }): Promise<void> {
  const format = registryFormatOf(args.file);
  if (!format) throw new CliError(t.badRegistryFile(args.file), 2);
  let bytes: Buffer;
  try {
    bytes = await readFile(args.file);
  } catch {
    throw new CliError(t.noFile(args.file));
  }
  await withApp(context, async (app) => {
    const report = await importRegistry({ db: app.db, actor, now: app.clock.now() }, bytes, format, { dryRun: args.dryRun });
    if (args.json) return printJson(context.io, report);
    context.io.out(t.imported(report.added.length, report.updated.length, report.unchanged, report.notInFile.length, report.dryRun));
    for (const code of report.added) context.io.out(t.addedLine(code));
    for (const u of report.updated) context.io.out(t.updatedLine(u.code, u.fields));
    if (report.notInFile.length > 0) context.io.out(t.notInFile(report.notInFile));
    if (report.mergesIgnored.length > 0) context.io.out(t.mergesIgnored(report.mergesIgnored));
  });
}

const edits: Record<string, (value: string) => AgencyEdit> = {
  rename: (value) => ({ kind: "rename", name: value }),
  alias: (value) => ({ kind: "alias", alias: value }),
  unalias: (value) => ({ kind: "unalias", alias: value }),
  parent: (value) => ({ kind: "parent", parent: value === "-" ? null : value }),
  kind: (value) => ({ kind: "kind", agencyKind: value }),
};

export async function runAgency(context: CliContext, args: { verb?: string; code?: string; rest: string[]; alias: string[]; parent?: string; json: boolean }): Promise<void> {
  const { verb, code, rest } = args;
  if (!verb || !code) throw new CliError(t.agencyUsage(), 2);
  await withApp(context, async (app) => {
    const change = { db: app.db, actor, now: app.clock.now() };
    let agency;
    if (verb === "add") {
      const [kind, name] = rest;
      if (!kind || !name || rest.length > 2) throw new CliError(t.agencyUsage(), 2);
      agency = await addAgency(change, { code, kind, name, aliases: args.alias, parent: args.parent ?? null });
    } else {
      const edit = edits[verb];
      if (!edit || rest.length !== 1) throw new CliError(t.agencyUsage(), 2);
      agency = await editAgency(change, code, edit(rest[0]!));
    }
    if (args.json) return printJson(context.io, { code: agency.code, name: agency.name, kind: agency.kind, aliases: agency.aliases, parent: agency.parentCode });
    context.io.out(t.agencySaved(agency.code, agency.name, agency.aliases));
  });
}

export async function runMerge(context: CliContext, args: { from?: string; into?: string; on?: string; source?: string; json: boolean }): Promise<void> {
  if (!args.from || !args.into || !args.on) throw new CliError(t.mergeUsage(), 2);
  const on = parseTypedDate(args.on);
  if (!on) throw new CliError(t.badDate(args.on), 2);
  await withApp(context, async (app) => {
    const report = await mergeAgencies(
      { db: app.db, actor, now: app.clock.now(), timeZone: app.config.timeZone },
      { from: args.from!, into: args.into!, effectiveOn: on, source: args.source ?? null },
    );
    if (args.json) return printJson(context.io, report);
    context.io.out(t.merged(report.from.name, report.into.name, formatVietnameseDate(report.effectiveOn), report.assignments, report.openCycles, report.people.length));
  });
}

export async function runSetLead(context: CliContext, args: { ref?: string; to?: string; from?: string; json: boolean }): Promise<void> {
  if (!args.ref || !args.to) throw new CliError(t.setleadUsage(), 2);
  await withApp(context, async (app) => {
    const change = await setLead(
      { db: app.db, actor, now: app.clock.now(), timeZone: app.config.timeZone },
      { ref: args.ref!, to: args.to!, ...(args.from !== undefined && { from: args.from }) },
    );
    if (args.json) return printJson(context.io, change);
    context.io.out(t.leadSet(change.ref, change.from.name, change.to.name, change.openCycles));
  });
}

export async function runCoord(context: CliContext, args: { verb?: string; ref?: string; agency?: string }): Promise<void> {
  if ((args.verb !== "add" && args.verb !== "remove") || !args.ref || !args.agency) throw new CliError(t.coordUsage(), 2);
  const remove = args.verb === "remove";
  await withApp(context, async (app) => {
    const change = await changeCoordinator({ db: app.db, actor, now: app.clock.now(), timeZone: app.config.timeZone }, { ref: args.ref!, agency: args.agency!, remove });
    context.io.out((remove ? t.coordinateRemoved : t.coordinateAdded)(change.ref, change.agency.name));
  });
}
