/** `doctor [--json]`: one line per check; exits 1 when any check is a problem. */
import { formatVietnameseDate } from "../../domain/local-date.js";
import { diagnose, type DoctorCheck } from "../../services/runtime/doctor.js";
import { createBotProbe } from "../../telegram/bot-probe.js";
import { printJson, type CliContext } from "../context.js";
import { ageLabel, doctorTexts as t, sizeLabel } from "../texts.js";

const shownCodes = 12;

/** Returns the exit code: 1 when any check is a problem (the lines say what is wrong). */
export async function runDoctor(context: CliContext, args: { json: boolean }): Promise<number> {
  const report = await diagnose({
    env: context.env,
    now: context.clock.now(),
    serverTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    probeFor: (token, apiRoot) => createBotProbe(token, apiRoot),
  });
  if (args.json) {
    printJson(context.io, { ...report, checks: report.checks.map((check) => ({ ...check, message: describe(check) })) });
  } else {
    for (const check of report.checks) {
      context.io.out(`[${t.levels[check.level]}]`.padEnd(12) + describe(check));
    }
    const count = (level: DoctorCheck["level"]) => report.checks.filter((c) => c.level === level).length;
    context.io.out(t.summary(count("ok"), count("info"), count("warning"), count("problem")));
  }
  return report.ok ? 0 : 1;
}

/** An instant in the deployment's words: ISO with its offset is what the logs show too. */
const instantLabel = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, " UTC");

function describe(check: DoctorCheck): string {
  switch (check.id) {
    case "config":
      return check.level === "ok" ? t.configOk() : t.configProblem(check.problems);
    case "time_zone":
      return t.timeZone(check.zone, check.offset, check.localTime, formatVietnameseDate(check.localDate), check.serverZone);
    case "bot": {
      const r = check.result;
      if (r.kind === "no_token") return t.botNoToken();
      if (r.kind === "ok") return t.botOk(r.username, r.id, check.apiRoot);
      if (r.kind === "timeout") return t.botTimeout(check.apiRoot, Math.round(r.ms / 1000));
      if (r.kind === "unreachable") return t.botUnreachable(check.apiRoot, r.reason);
      return r.status === 401 || r.status === 404 ? t.botTokenRejected(check.apiRoot, r.status, r.description) : t.botServerError(check.apiRoot, r.status, r.description);
    }
    case "database":
      if (check.state === "missing") return t.databaseMissing(check.path);
      if (check.state === "unreadable") return t.databaseUnreadable(check.path, check.error ?? "");
      return t.databaseOk(check.path, sizeLabel(check.bytes ?? 0));
    case "integrity":
      return check.level === "ok" ? t.integrityOk() : t.integrityProblem(check.result);
    case "migrations":
      if (check.unknown.length > 0) return t.migrationsUnknown(check.unknown);
      return check.pending.length > 0 ? t.migrationsPending(check.pending) : t.migrationsOk(check.applied);
    case "sending":
      return check.level === "ok" ? t.sendingOk() : t.sendingStuck(check.stuck.reminders, check.stuck.notices, check.olderThanMinutes);
    case "failed":
      return check.level === "ok" ? t.failedNone() : t.failed(check.failed.reminders, check.failed.notices);
    case "unreachable":
      return check.people.length === 0 ? t.unreachableNone() : t.unreachable(check.people.map((p) => (p.agencyCode ? `${p.name} (${p.agencyCode})` : p.name)));
    case "focal_coverage":
      return check.agencies.length === 0
        ? t.focalOk()
        : t.focalMissing(
            check.agencies.length,
            check.agencies.slice(0, shownCodes).map((a) => a.code),
          );
    case "bad_dates":
      return check.cycles.length === 0 ? t.badDatesNone() : t.badDates(check.cycles.map((c) => `${c.ref} (${c.agencyCode}): ${c.dueOn}`));
    case "updates": {
      const status = check.status;
      const readAt = status?.read_at ? instantLabel(status.read_at) : t.never();
      if (check.state === "reading") return t.updatesReading(status!.mode, readAt);
      if (check.state === "not_reading") return t.updatesNotReading(readAt, status?.error ?? null);
      if (check.state === "failed") return t.updatesFailed(instantLabel(status!.at), status?.error ?? "");
      if (check.state === "not_running") return t.updatesNotRunning(readAt);
      return t.updatesUnknown();
    }
    case "scheduler_lease":
      if (!check.lease) return t.leaseNone();
      return check.expired ? t.leaseExpired(check.lease.holder) : t.leaseHeld(check.lease.holder, check.lease.token, check.secondsLeft ?? 0);
    case "instance_lock": {
      if (!check.holder) return t.lockFree();
      const age = ageLabel(check.heartbeatAgeSeconds ?? 0);
      return check.stale ? t.lockStale(check.holder.pid, check.holder.host, age) : t.lockHeld(check.holder.pid, check.holder.host, age);
    }
  }
}
