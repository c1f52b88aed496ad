/** The buttons of /history (features/history.ts): a page of a task's changes. */
import { defineCallback, readPage } from "../callback-data.js";

export const historyButton = defineCallback({
  owner: "history",
  prefix: "hs",
  fields: 2,
  write: ({ taskId, page }: { taskId: number; page: number }) => [taskId, page],
  read: (taskId, second) => {
    const page = readPage(second);
    return page === null ? null : { taskId, page };
  },
});
