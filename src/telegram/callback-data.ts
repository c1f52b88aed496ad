/**
 * Button data: a short action and database ids, never who or what is allowed — every press is
 * checked again on the server (DESIGN.md §5). One strict parser; anything else is refused.
 */
import { isRealLocalDate } from "../domain/local-date.js";

export type Callback =
  | { action: "page"; page: number }
  | { action: "card"; assignmentId: number }
  | { action: "full"; assignmentId: number }
  | { action: "status"; cycleId: number; kind: "progress" | "done" | "blocked" | "extension" }
  | { action: "undo"; statusUpdateId: number }
  | { action: "pick"; pendingId: number; cycleId: number }
  | { action: "pickpage"; pendingId: number; page: number }
  | { action: "drop"; pendingId: number }
  | { action: "approve"; requestId: number }
  | { action: "reject"; requestId: number }
  | { action: "history"; taskId: number; page: number }
  | { action: "plan"; uploadId: number; decision: "import" | "cancel" }
  /** one task's /status, chosen among the plans that share its ref */
  | { action: "taskstatus"; taskId: number }
  /** `/setdue` for one task, chosen among the plans that share its ref; the date as typed */
  | { action: "setdue"; taskId: number; due: string };

const kinds = { p: "progress", d: "done", b: "blocked", e: "extension" } as const;
const kindCodes = { progress: "p", done: "d", blocked: "b", extension: "e" } as const;

export function encodeCallback(callback: Callback): string {
  switch (callback.action) {
    case "page":
      return `pg:${callback.page}`;
    case "card":
      return `cd:${callback.assignmentId}`;
    case "full":
      return `fl:${callback.assignmentId}`;
    case "status":
      return `st:${callback.cycleId}:${kindCodes[callback.kind]}`;
    case "undo":
      return `un:${callback.statusUpdateId}`;
    case "pick":
      return `pk:${callback.pendingId}:${callback.cycleId}`;
    case "pickpage":
      return `pp:${callback.pendingId}:${callback.page}`;
    case "drop":
      return `dr:${callback.pendingId}`;
    case "approve":
      return `xa:${callback.requestId}`;
    case "reject":
      return `xr:${callback.requestId}`;
    case "history":
      return `hs:${callback.taskId}:${callback.page}`;
    case "plan":
      return `pl:${callback.uploadId}:${callback.decision === "import" ? "i" : "c"}`;
    case "taskstatus":
      return `ts:${callback.taskId}`;
    case "setdue":
      return `sd:${callback.taskId}:${callback.due.replaceAll("-", "")}`;
  }
}

const id = (text: string | undefined): number | null => (text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null);

export function decodeCallback(data: string): Callback | null {
  if (data.length > 64) return null;
  const [action, a, b, ...rest] = data.split(":");
  if (rest.length > 0) return null;
  const first = id(a);
  if (first === null) return null;
  switch (action) {
    case "pg":
      return b === undefined && first < 10_000 ? { action: "page", page: first } : null;
    case "cd":
      return b === undefined ? { action: "card", assignmentId: first } : null;
    case "fl":
      return b === undefined ? { action: "full", assignmentId: first } : null;
    case "st":
      // Own keys only: "st:1:constructor" must not find Object.prototype.constructor.
      return b !== undefined && Object.hasOwn(kinds, b) ? { action: "status", cycleId: first, kind: kinds[b as keyof typeof kinds] } : null;
    case "un":
      return b === undefined ? { action: "undo", statusUpdateId: first } : null;
    case "pk": {
      const second = id(b);
      return second === null ? null : { action: "pick", pendingId: first, cycleId: second };
    }
    case "pp": {
      const page = id(b);
      return page === null || page >= 10_000 ? null : { action: "pickpage", pendingId: first, page };
    }
    case "dr":
      return b === undefined ? { action: "drop", pendingId: first } : null;
    case "xa":
      return b === undefined ? { action: "approve", requestId: first } : null;
    case "xr":
      return b === undefined ? { action: "reject", requestId: first } : null;
    case "hs": {
      const page = id(b);
      return page === null || page >= 10_000 ? null : { action: "history", taskId: first, page };
    }
    case "pl":
      return b === "i" || b === "c" ? { action: "plan", uploadId: first, decision: b === "i" ? "import" : "cancel" } : null;
    case "ts":
      return b === undefined ? { action: "taskstatus", taskId: first } : null;
    case "sd": {
      // yyyymmdd: a real date; its window is checked when the date is set.
      const due = b !== undefined && /^\d{8}$/.test(b) ? `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}` : null;
      return due !== null && isRealLocalDate(due) ? { action: "setdue", taskId: first, due } : null;
    }
    default:
      return null;
  }
}
