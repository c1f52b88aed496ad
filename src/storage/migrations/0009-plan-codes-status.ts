/**
 * Plans as first-class (issue 12): each plan gets a short code (the number of its code:
 * `1861` for 1861/QĐ-UBND; another plan with the same number gets `172-2`), unique in any
 * case; a status (active, closed, archived: only active plans are reminded of) with the time
 * it last changed; and its issuer as the header names it. A trigger gives every new plan its
 * short code, whatever path inserts it. Frozen: it imports nothing from the application.
 */
import { sql, type Kysely } from "kysely";
import { createPgTrigger, dropPgTrigger, isPostgres } from "./portable.js";

type AnyDb = Kysely<any>;

/** The number before the first "/" of `code` (an SQL expression), or the whole code, or "KH<id>". */
const baseOf = (code: string, id: string, pg: boolean) =>
  pg
    ? `coalesce(nullif(trim(case when strpos(${code}, '/') > 0 then substr(${code}, 1, strpos(${code}, '/') - 1) else ${code} end), ''), 'KH' || ${id})`
    : `coalesce(nullif(trim(case when instr(${code}, '/') > 0 then substr(${code}, 1, instr(${code}, '/') - 1) else ${code} end), ''), 'KH' || ${id})`;

/** The base, or the base with "-n" when a plan already has it (compared in any case). */
const shortCodeOf = (code: string, id: string, pg: boolean) => {
  const base = baseOf(code, id, pg);
  const same = (column: string) => (pg ? `lower(${column}) = lower(${base})` : `${column} = ${base} collate nocase`);
  return `case when exists (select 1 from plans p where p.id != ${id} and ${same("p.short_code")})
    then ${base} || '-' || (select count(*) + 1 from plans p where p.id != ${id} and (${same("p.short_code")} or p.short_code like ${base} || '-%'))
    else ${base} end`;
};

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("plans").addColumn("short_code", "text").execute();
  await db.schema
    .alterTable("plans")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .execute();
  await db.schema.alterTable("plans").addColumn("status_changed_at", "text").execute();
  await db.schema.alterTable("plans").addColumn("issuer", "text").execute();
  const pg = isPostgres(db);
  const plans = await db.selectFrom("plans").select("id").orderBy("id").execute();
  for (const { id } of plans) await sql.raw(`update plans set short_code = ${shortCodeOf("code", "id", pg)} where id = ${Number(id)}`).execute(db);
  if (pg) {
    await sql`create unique index plans_short_code_idx on plans (lower(short_code))`.execute(db);
    await createPgTrigger(
      db,
      "plans_short_code",
      "after insert on plans",
      `if new.short_code is null then update plans set short_code = ${shortCodeOf("new.code", "new.id", true)} where id = new.id; end if; return null;`,
    );
    return;
  }
  await sql`create unique index plans_short_code_idx on plans (short_code collate nocase)`.execute(db);
  await sql
    .raw(
      `create trigger plans_short_code after insert on plans when new.short_code is null begin
         update plans set short_code = ${shortCodeOf("new.code", "new.id", false)} where id = new.id;
       end`,
    )
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await dropPgTrigger(db, "plans_short_code", "plans");
  else await sql.raw(`drop trigger plans_short_code`).execute(db);
  await sql.raw(`drop index plans_short_code_idx`).execute(db);
  for (const column of ["issuer", "status_changed_at", "status", "short_code"]) await db.schema.alterTable("plans").dropColumn(column).execute();
}
