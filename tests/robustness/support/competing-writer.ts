/**
 * Another process writing to the same SQLite file, as the admin CLI does while the service runs
 * (invite, people, import): it takes the write lock over and over (BEGIN IMMEDIATE, a row in a
 * table of its own, held a few milliseconds, COMMIT) until told to stop. Its own connection has
 * the busy timeout the app uses; what it could not write is counted, not hidden.
 */
import { spawn } from "node:child_process";

const script = String.raw`
const Database = require("better-sqlite3");
const db = new Database(process.argv[1]);
db.pragma("busy_timeout = 5000");
db.exec("create table if not exists robustness_writer (id integer primary key, at text not null)");
const insert = db.prepare("insert into robustness_writer (at) values (?)");
const hold = new Int32Array(new SharedArrayBuffer(4));
let commits = 0, busy = 0, stop = false;
process.stdin.on("data", () => { stop = true; });
process.stdin.on("end", () => { stop = true; });
function round() {
  if (stop) {
    process.stdout.write(JSON.stringify({ commits, busy }) + "\n");
    db.close();
    return;
  }
  try {
    db.exec("begin immediate");
    insert.run(new Date().toISOString());
    Atomics.wait(hold, 0, 0, 2 + Math.random() * 6);
    db.exec("commit");
    commits++;
  } catch (error) {
    busy++;
    try { db.exec("rollback"); } catch {}
  }
  setTimeout(round, Math.random() * 3);
}
process.stdout.write("ready\n");
round();
`;

export interface CompetingWriter {
  /** stops the loop; resolves with what it did */
  stop(): Promise<{ commits: number; busy: number }>;
}

export async function startCompetingWriter(databasePath: string): Promise<CompetingWriter> {
  const child = spawn(process.execPath, ["-e", script, databasePath], { cwd: process.cwd(), stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const check = () => (out.includes("ready") ? resolve() : undefined);
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`competing writer exited with ${code}`)));
  });
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end("stop\n");
      await exited;
      const last = out.trim().split("\n").at(-1) ?? "{}";
      return JSON.parse(last) as { commits: number; busy: number };
    },
  };
}
