/**
 * The buttons of officers' status replies (features/status-replies.ts): a status on a task card,
 * undo, and the "which task?" question's choices.
 */
import { defineCallback, readId, readPage } from "../callback-data.js";

const owner = "status-replies";

export type StatusButtonKind = "progress" | "done" | "blocked" | "extension";
const kinds = { p: "progress", d: "done", b: "blocked", e: "extension" } as const;
const kindCodes = { progress: "p", done: "d", blocked: "b", extension: "e" } as const;

/** Đang thực hiện, Hoàn thành, Vướng mắc, Xin gia hạn on a cycle */
export const statusButton = defineCallback({
  owner,
  prefix: "st",
  fields: 2,
  write: ({ cycleId, kind }: { cycleId: number; kind: StatusButtonKind }) => [cycleId, kindCodes[kind]],
  // Own keys only: "st:1:constructor" must not find Object.prototype.constructor.
  read: (cycleId, code) => (Object.hasOwn(kinds, code) ? { cycleId, kind: kinds[code as keyof typeof kinds] } : null),
});

/** undo a recorded status update */
export const undoButton = defineCallback({
  owner,
  prefix: "un",
  fields: 1,
  write: ({ statusUpdateId }: { statusUpdateId: number }) => [statusUpdateId],
  read: (statusUpdateId) => ({ statusUpdateId }),
});

/** "which task?": this one */
export const pickButton = defineCallback({
  owner,
  prefix: "pk",
  fields: 2,
  write: ({ pendingId, cycleId }: { pendingId: number; cycleId: number }) => [pendingId, cycleId],
  read: (pendingId, second) => {
    const cycleId = readId(second);
    return cycleId === null ? null : { pendingId, cycleId };
  },
});

/** "which task?": another page of choices */
export const pickPageButton = defineCallback({
  owner,
  prefix: "pp",
  fields: 2,
  write: ({ pendingId, page }: { pendingId: number; page: number }) => [pendingId, page],
  read: (pendingId, second) => {
    const page = readPage(second);
    return page === null ? null : { pendingId, page };
  },
});

/** "which task?": none of them */
export const dropButton = defineCallback({
  owner,
  prefix: "dr",
  fields: 1,
  write: ({ pendingId }: { pendingId: number }) => [pendingId],
  read: (pendingId) => ({ pendingId }),
});
