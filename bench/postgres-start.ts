/**
 * `npx tsx bench/postgres-start.ts`: how long the tests' throwaway PostgreSQL server takes to
 * start (initdb and the server; tests/support/postgres-server.ts) and to give a test file a
 * migrated database (migrations once, then a copy of that template per test). Prints JSON.
 */
import { openDatabase, openMigratedDatabase } from "../src/storage/database.js";
import { startPostgres } from "../tests/support/postgres-server.js";
import pg from "pg";

const server = await startPostgres();
const admin = async (query: string) => {
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  await client.query(query);
  await client.end();
};
const url = (name: string) => Object.assign(new URL(server.adminUrl), { pathname: `/${name}` }).toString();
try {
  let started = performance.now();
  await admin("create database template_db");
  const db = await openMigratedDatabase({ url: url("template_db") });
  await db.destroy();
  const migrateMs = performance.now() - started;
  started = performance.now();
  await admin("create database copy_db template template_db strategy file_copy");
  const copy = openDatabase({ url: url("copy_db") });
  await copy.selectFrom("agencies").select("id").execute();
  await copy.destroy();
  const copyMs = performance.now() - started;
  console.log(
    JSON.stringify({ name: "postgres_test_server", version: server.version, start_ms: server.startMs, migrate_ms: Math.round(migrateMs), database_copy_ms: Math.round(copyMs) }, null, 2),
  );
} finally {
  await server.stop();
}
