/**
 * The services, built once with the database, the clock and the time zone bound in, grouped by
 * capability. Front ends (the Telegram bot) call `services.people.createInvite({...})` and never
 * hold the database handle, read the clock for a service or pass the time zone around.
 *
 * Each function reads the clock when it is called. The service files stay plain functions taking
 * `db` first (the CLI, the scheduler and the tests call them so); this object only binds them.
 */
import type { Config } from "../config.js";
import type { Clock } from "../domain/clock.js";
import { localDateOf } from "../domain/local-date.js";
import type { Actor, PersonRole } from "../domain/person.js";
import type { PlanState } from "../domain/plan-code.js";
import type { AgencyMatcher } from "../plan/agency-matcher.js";
import type { Db } from "../storage/database.js";
import { listAgencyAssignments, taskCard } from "./status/agency-tasks.js";
import { findAgencyByQuery } from "./registry/agency-lookup.js";
import { claimPendingReply, doneNeedsConfirmation, findLatestOpenPendingReply, isOpenPendingReply, type PendingReply, savePendingReply } from "./replies/conversation.js";
import { decideExtension, setTaskDue } from "./replies/extensions.js";
import {
  createInvite,
  deactivatePerson,
  listPendingInvites,
  listPeople,
  markReachable,
  movePerson,
  redeemInvite,
  resolveActor,
  revokeInvite,
  type TelegramIdentity,
} from "./people/people.js";
import { findPlan, labelOfCycle, listPlans, lookUpTask, plansForStatus, setPlanStatus, withTaskLabels } from "./plans/plan-lifecycle.js";
import { decideUpload, previewPlanUpload } from "./plans/plan-upload.js";
import { addAgency, type AgencyEdit, editAgency, listAgencies } from "./registry/registry-admin.js";
import { changeCoordinator, mergeAgencies, setLead } from "./registry/registry-merge.js";
import { type ExportFile, type ExportRequest, withExportFile } from "./exports/export-files.js";
import { agencyCycles, overdueCycles, planStatus, taskStatus, taskStatusById, upcomingCycles } from "./status/status-summary.js";
import { findUpdatableCycle, type NewStatusUpdate, recordStatusUpdate, refOfCycle, reviseStatusUpdate, undoStatusUpdate } from "./replies/status-updates.js";
import { taskHistory } from "./status/task-history.js";
import { UpdateJournal, type UpdateJournalOptions } from "./runtime/update-journal.js";
import { createLoginLink } from "./web/web-access.js";

export interface ServicesInput {
  db: Db;
  clock: Clock;
  config: Pick<Config, "timeZone" | "adminTelegramIds">;
  /** finds agencies by what people type (built from the registry) */
  matcher: AgencyMatcher;
}

export function createServices({ db, clock, config, matcher }: ServicesInput) {
  const { timeZone } = config;
  const now = () => clock.now();
  /** today in the deployment's time zone */
  const today = () => localDateOf(clock.now(), timeZone);

  return {
    today,
    /** the local date of an instant (an ISO string or a Date) in the deployment's time zone */
    localDate: (at: Date | string) => localDateOf(new Date(at), timeZone),

    /** people, invites, who is speaking */
    people: {
      resolveActor: (telegramUserId: number) => resolveActor(db, telegramUserId, config.adminTelegramIds),
      markReachable: (personId: number) => markReachable(db, personId, now()),
      redeemInvite: (code: string, who: TelegramIdentity) => redeemInvite(db, code, who, now(), { configAdminIds: config.adminTelegramIds }),
      createInvite: (input: { agencyCode: string | null; role: PersonRole; createdBy: string }) => createInvite(db, { ...input, now: now() }),
      listPendingInvites: () => listPendingInvites(db, now()),
      revokeInvite: (input: { inviteId: number; actor: string }) => revokeInvite(db, { ...input, now: now() }),
      listPeople: () => listPeople(db),
      movePerson: (input: { personId: number; agencyCode: string; role?: PersonRole; actor: string }) => movePerson(db, { ...input, now: now() }),
      deactivatePerson: (input: { personId: number; actor: string }) => deactivatePerson(db, { ...input, now: now() }),
    },

    /** the Mini App's one-time login links */
    web: {
      createLoginLink: (actor: Actor) => createLoginLink(db, actor, now()),
    },

    /** an agency's tasks, a task's card and history, task refs as people type them */
    tasks: {
      listAgencyAssignments: (agencyId: number) => listAgencyAssignments(db, agencyId, today()),
      /** the agency's assignments with plan-qualified labels */
      listLabelledAssignments: async (agencyId: number) => withTaskLabels(db, await listAgencyAssignments(db, agencyId, today())),
      taskCard: (actor: Actor, assignmentId: number) => taskCard(db, actor, assignmentId, today(), timeZone),
      withTaskLabels: <T extends { taskId: number; ref: string }>(items: readonly T[]) => withTaskLabels(db, items),
      labelOfCycle: (cycleId: number, ref: string) => labelOfCycle(db, cycleId, ref),
      lookUpTask: (typed: string) => lookUpTask(db, typed),
      taskHistory: (actor: Actor, query: { ref: string } | { taskId: number }) => taskHistory(db, actor, query, timeZone),
    },

    /** plans: lookup, lifecycle, uploads of plan files */
    plans: {
      findPlan: (typed: string) => findPlan(db, typed),
      listPlans: () => listPlans(db, today()),
      plansForStatus: () => plansForStatus(db, today()),
      setPlanStatus: (typedCode: string, status: PlanState, actor: string) => setPlanStatus(db, typedCode, status, now(), actor),
      previewUpload: (input: Parameters<typeof previewPlanUpload>[1]) => previewPlanUpload({ db, matcher }, input, now()),
      decideUpload: (input: Parameters<typeof decideUpload>[1], actor: string) => decideUpload({ db, timeZone }, input, now(), actor),
    },

    /** the `/status`, `/overdue`, `/upcoming` summaries */
    status: {
      planStatus: (agencyId?: number, planId?: number) => planStatus(db, today(), agencyId, planId),
      agencyCycles: (agencyId: number, planId?: number) => agencyCycles(db, today(), agencyId, planId),
      overdueCycles: (limit?: number, planId?: number) => overdueCycles(db, today(), limit, planId),
      upcomingCycles: (days: number, planId?: number) => upcomingCycles(db, today(), days, planId),
      taskStatus: (typed: string) => taskStatus(db, today(), typed, timeZone),
      taskStatusById: (taskId: number) => taskStatusById(db, today(), taskId, timeZone),
      findAgency: (query: string) => findAgencyByQuery(db, matcher, query),
    },

    /** coordinators' decisions on deadlines */
    extensions: {
      decideExtension: (actor: Actor, requestId: number, approve: boolean) => decideExtension(db, actor, requestId, approve, now()),
      setTaskDue: (actor: Actor, task: string | { taskId: number }, due: string) => setTaskDue(db, actor, task, due, now()),
    },

    /** the report files (spreadsheets, the annual report) */
    exports: {
      withExportFile: <T>(request: ExportRequest, use: (file: ExportFile) => Promise<T>) => withExportFile(db, request, { today: today(), timeZone }, use),
    },

    /** officers' status replies and the "which task?" questions waiting for an answer */
    replies: {
      doneNeedsConfirmation: (cycleId: number, replyText: string) => doneNeedsConfirmation(db, cycleId, replyText),
      record: (actor: Actor, input: NewStatusUpdate) => recordStatusUpdate(db, actor, input, now(), timeZone),
      revise: (actor: Actor, input: Parameters<typeof reviseStatusUpdate>[2]) => reviseStatusUpdate(db, actor, input, now(), timeZone),
      undo: (actor: Actor, statusUpdateId: number) => undoStatusUpdate(db, actor, statusUpdateId, now()),
      findUpdatableCycle: (actor: Actor, cycleId: number) => findUpdatableCycle(db, actor, cycleId),
      refOfCycle: (cycleId: number) => refOfCycle(db, cycleId),
      savePending: (pending: Omit<PendingReply, "id">) => savePendingReply(db, pending, now()),
      findLatestOpenPending: (personId: number) => findLatestOpenPendingReply(db, personId, now()),
      claimPending: (id: number, personId: number) => claimPendingReply(db, id, personId, now()),
      isOpenPending: (id: number, personId: number) => isOpenPendingReply(db, id, personId),
    },

    /** the agency registry: additions, edits, mergers, leads and coordinators of tasks */
    registry: {
      listAgencies: () => listAgencies(db),
      addAgency: (actor: string, input: Parameters<typeof addAgency>[1]) => addAgency({ db, actor, now: now() }, input),
      editAgency: (actor: string, typed: string, edit: AgencyEdit) => editAgency({ db, actor, now: now() }, typed, edit),
      mergeAgencies: (actor: string, input: Parameters<typeof mergeAgencies>[1]) => mergeAgencies({ db, actor, now: now(), timeZone }, input),
      setLead: (actor: string, input: Parameters<typeof setLead>[1]) => setLead({ db, actor, now: now(), timeZone }, input),
      changeCoordinator: (actor: string, input: Parameters<typeof changeCoordinator>[1]) => changeCoordinator({ db, actor, now: now(), timeZone }, input),
    },

    /** handled updates and the links of sent messages to their task cycles */
    updates: {
      newJournal: (options?: UpdateJournalOptions) => new UpdateJournal(db, options),
    },
  };
}

export type Services = ReturnType<typeof createServices>;
