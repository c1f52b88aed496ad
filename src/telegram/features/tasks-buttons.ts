/** The buttons of the tasks feature (features/tasks.ts): list pages, a task's card, its full text. */
import { defineCallback } from "../callback-data.js";

const owner = "tasks";

/** a page of /tasks */
export const pageButton = defineCallback({
  owner,
  prefix: "pg",
  fields: 1,
  write: ({ page }: { page: number }) => [page],
  read: (page) => (page < 10_000 ? { page } : null),
});

/** a task's card, sent as a new message */
export const cardButton = defineCallback({
  owner,
  prefix: "cd",
  fields: 1,
  write: ({ assignmentId }: { assignmentId: number }) => [assignmentId],
  read: (assignmentId) => ({ assignmentId }),
});

/** the card with the task's full text, in place */
export const fullButton = defineCallback({
  owner,
  prefix: "fl",
  fields: 1,
  write: ({ assignmentId }: { assignmentId: number }) => [assignmentId],
  read: (assignmentId) => ({ assignmentId }),
});
