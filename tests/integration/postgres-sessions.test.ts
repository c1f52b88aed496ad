/**
 * A dondoc process frozen inside a transaction (SIGSTOP, a suspended VM) must not keep its row
 * locks for good: the reminders it had claimed would stay locked, and the new scheduler leader's
 * `FOR UPDATE SKIP LOCKED` claims would pass over them forever. The server ends such a session
 * (idle_in_transaction_session_timeout, set by storage/database.ts), and its claim rolls back.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { createPostgresDatabase, postgresOrSkip } from "../support/postgres.js";

const adminUrl = await postgresOrSkip();

describe.runIf(adminUrl !== null)("PostgreSQL sessions", () => {
  let url = "";
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase(adminUrl!));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("create table claims (id integer primary key, holder text)");
    await client.query("insert into claims values (1, null)");
    await client.end();
  });
  afterAll(() => drop());

  it("ends a session left idle in a transaction, so another process gets its locked rows and the frozen claim rolls back", async () => {
    const connectionErrors: string[] = [];
    const frozen = openDatabase({ url, idleInTransactionMs: 1_000, onConnectionError: (error) => connectionErrors.push(error.message) });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      let release: () => void = () => undefined;
      const thawed = new Promise<void>((resolve) => (release = resolve));
      let onClaimed: () => void = () => undefined;
      const claimed = new Promise<void>((resolve) => (onClaimed = resolve));
      const frozenTransaction = frozen.transaction().execute(async (trx) => {
        await trx
          .updateTable("claims" as never)
          .set({ holder: "frozen" } as never)
          .where("id" as never, "=", 1 as never)
          .execute();
        onClaimed();
        await thawed; // the process is stopped here, between two statements
        await trx
          .selectFrom("claims" as never)
          .selectAll()
          .execute();
      });
      frozenTransaction.catch(() => undefined);
      await claimed;

      // The other process waits for the row (as a claim without SKIP LOCKED would), for at most 10 s.
      await other.query("set lock_timeout = '10s'");
      await other.query("update claims set holder = 'other' where id = 1");
      release();
      // Thawed, the frozen process finds its session ended: its claim did not survive.
      await expect(frozenTransaction).rejects.toThrow();

      const { rows } = await other.query<{ holder: string }>("select holder from claims where id = 1");
      expect(rows[0]!.holder).toBe("other");
      // Told, not thrown: an unhandled 'error' event of pg would have ended the process.
      expect(connectionErrors).toEqual([expect.stringMatching(/idle-in-transaction timeout/)]);

      // The pool replaced the ended connection: the same database handle works on.
      const after = await frozen
        .selectFrom("claims" as never)
        .selectAll()
        .execute();
      expect(after).toHaveLength(1);
    } finally {
      await other.end();
      await frozen.destroy().catch(() => undefined);
    }
  });
  it("survives the server ending its idle connections (a restart, an administrator) and reconnects", async () => {
    const connectionErrors: string[] = [];
    const db = openDatabase({ url, onConnectionError: (error) => connectionErrors.push(error.message) });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await db
        .selectFrom("claims" as never)
        .selectAll()
        .execute(); // one connection, now idle in the pool
      const { rows } = await other.query<{ ended: boolean }>(
        "select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = 'dondoc' and datname = current_database()",
      );
      expect(rows.map((r) => r.ended)).toEqual([true]);
      await expect.poll(() => connectionErrors.length).toBe(1);
      expect(
        await db
          .selectFrom("claims" as never)
          .selectAll()
          .execute(),
      ).toHaveLength(1);
    } finally {
      await other.end();
      await db.destroy();
    }
  });
});
