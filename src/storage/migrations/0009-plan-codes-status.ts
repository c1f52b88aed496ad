/**
 * Plans as first-class (issue 12): each plan gets a short code (the number of its code:
 * `1861` for 1861/QĐ-UBND; another plan with the same number gets `172-2`), unique in any
 * case; a status (active, closed, archived: only active plans are reminded of) with the time
 * it last changed; and its issuer as the header names it. A trigger gives every new plan its
 * short code, whatever path inserts it. Frozen: it imports nothing from the application.
 */
import { sql, type Kysely } from "kysely";

type AnyDb = Kysely<any>;

/** The number before the first "/" of `code` (an SQL expression), or the whole code, or "KH<id>". */
const baseOf = (code: string, id: string) =>
  `coalesce(nullif(trim(case when instr(${code}, '/') > 0 then substr(${code}, 1, instr(${code}, '/') - 1) else ${code} end), ''), 'KH' || ${id})`;

/** The base, or the base with "-n" when a plan already has it. */
const shortCodeOf = (code: string, id: string) => {
  const base = baseOf(code, id);
  return `case when exists (select 1 from plans p where p.id != ${id} and p.short_code = ${base} collate nocase)
    then ${base} || '-' || (select count(*) + 1 from plans p where p.id != ${id} and (p.short_code = ${base} collate nocase or p.short_code like ${base} || '-%'))
    else ${base} end`;
};

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("plans").addColumn("short_code", "text").execute();
  await db.schema.alterTable("plans").addColumn("status", "text", (c) => c.notNull().defaultTo("active")).execute();
  await db.schema.alterTable("plans").addColumn("status_changed_at", "text").execute();
  await db.schema.alterTable("plans").addColumn("issuer", "text").execute();
  const plans = await db.selectFrom("plans").select("id").orderBy("id").execute();
  for (const { id } of plans) await sql.raw(`update plans set short_code = ${shortCodeOf("code", "id")} where id = ${Number(id)}`).execute(db);
  await sql`create unique index plans_short_code_idx on plans (short_code collate nocase)`.execute(db);
  await sql
    .raw(
      `create trigger plans_short_code after insert on plans when new.short_code is null begin
         update plans set short_code = ${shortCodeOf("new.code", "new.id")} where id = new.id;
       end`,
    )
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql.raw(`drop trigger plans_short_code`).execute(db);
  await sql.raw(`drop index plans_short_code_idx`).execute(db);
  for (const column of ["issuer", "status_changed_at", "status", "short_code"]) await db.schema.alterTable("plans").dropColumn(column).execute();
}
