/**
 * The buttons of the coordinators' feature (features/coordinator.ts): deciding an extension
 * request, and the plan chosen for a ref several plans share (/status, /setdue).
 */
import { isRealLocalDate } from "../../domain/local-date.js";
import { defineCallback } from "../callback-data.js";

const owner = "coordinator";

/** ✅ Đồng ý on an extension request */
export const approveButton = defineCallback({
  owner,
  prefix: "xa",
  fields: 1,
  write: ({ requestId }: { requestId: number }) => [requestId],
  read: (requestId) => ({ requestId }),
});

/** ❌ Không đồng ý on an extension request */
export const rejectButton = defineCallback({
  owner,
  prefix: "xr",
  fields: 1,
  write: ({ requestId }: { requestId: number }) => [requestId],
  read: (requestId) => ({ requestId }),
});

/** one task's /status, chosen among the plans that share its ref */
export const taskStatusButton = defineCallback({
  owner,
  prefix: "ts",
  fields: 1,
  write: ({ taskId }: { taskId: number }) => [taskId],
  read: (taskId) => ({ taskId }),
});

/** `/setdue` for one task, chosen among the plans that share its ref; the date as typed, yyyymmdd */
export const setdueButton = defineCallback({
  owner,
  prefix: "sd",
  fields: 2,
  write: ({ taskId, due }: { taskId: number; due: string }) => [taskId, due.replaceAll("-", "")],
  read: (taskId, text) => {
    // a real date; its window is checked when the date is set
    const due = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : null;
    return due !== null && isRealLocalDate(due) ? { taskId, due } : null;
  },
});
