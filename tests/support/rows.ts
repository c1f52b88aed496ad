/**
 * Rows written straight into the tables, for the storage tests that need a task without
 * importing a plan: one place that knows every column, so a test names only what it is about.
 */
import type { Insertable } from "kysely";
import type { Db } from "../../src/storage/database.js";
import type { TaskTable } from "../../src/storage/schema.js";

/** A task row: an undated task at position 0, line 1, created and updated at `at`. */
export function insertTaskRow(
  db: Db,
  task: Pick<Insertable<TaskTable>, "plan_id" | "ref" | "text"> & Partial<Omit<Insertable<TaskTable>, "created_at" | "updated_at">> & { at: string },
): Promise<{ id: number }> {
  const { at, ...columns } = task;
  return db
    .insertInto("tasks")
    .values({
      section: "",
      deadline_kind: "none",
      deadline_date: null,
      deadline_month: null,
      deadline_day: null,
      deadline_phrase: null,
      source_line: 1,
      position: 0,
      removed_at: null,
      ...columns,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}
