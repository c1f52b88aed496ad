/**
 * Online backup through SQLite's backup API (better-sqlite3's `database.backup`). The source is
 * opened read-only with its own connection, so the running service keeps reading and writing:
 * in WAL mode a reader does not block writers. The copy is written next to the destination
 * under a temporary name and renamed into place, so a failed backup leaves no half file.
 */
import { existsSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import SQLite from "better-sqlite3";

export type BackupProblem =
  | "source_missing"
  | "source_unreadable"
  | "destination_exists"
  | "destination_is_source"
  | "destination_is_database_file"
  | "destination_is_directory"
  | "destination_folder_missing"
  | "destination_unwritable";

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    /** the file the problem is about (absolute) */
    readonly path: string,
    /** for destination_is_database_file: which one ("wal", "shm", "journal") */
    readonly detail = "",
  ) {
    super(`backup: ${problem} (${path})${detail ? `: ${detail}` : ""}`);
    this.name = "BackupError";
  }
}

export interface BackupResult {
  /** absolute path of the copy */
  path: string;
  bytes: number;
  pages: number;
}

/** better-sqlite3 copies 100 pages per step; another connection's write restarts the copy. */
const allPagesAtOnce = 0x7fffffff;

/** SQLite's companion files of a database: its write-ahead log, shared memory, rollback journal. */
const companionSuffixes = ["wal", "shm", "journal"] as const;

/**
 * The path with every symlink resolved, in the folder and in the file itself, so that a
 * symlinked folder or a link to the database cannot name the live file by another path.
 * A file that does not exist yet keeps its name in its folder's real path.
 */
function realPathOf(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const folder = dirname(path);
  return existsSync(folder) ? join(realpathSync(folder), basename(path)) : path;
}

/** Refuses the database itself and its companions, by real path (and by inode for hard links). */
function refuseDatabaseFiles(source: string, dest: string): void {
  if (dest === source || sameFile(source, dest)) throw new BackupError("destination_is_source", source);
  for (const suffix of companionSuffixes) {
    const companion = `${source}-${suffix}`;
    if (dest === companion || sameFile(companion, dest)) throw new BackupError("destination_is_database_file", dest, suffix);
  }
}

function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
}

export async function backupDatabase(sourcePath: string, destPath: string, options: { overwrite?: boolean } = {}): Promise<BackupResult> {
  if (!existsSync(resolve(sourcePath))) throw new BackupError("source_missing", resolve(sourcePath));
  const source = realPathOf(resolve(sourcePath));
  const dest = realPathOf(resolve(destPath));
  refuseDatabaseFiles(source, dest);
  if (existsSync(dest)) {
    if (statSync(dest).isDirectory()) throw new BackupError("destination_is_directory", dest);
    if (!options.overwrite) throw new BackupError("destination_exists", dest);
  }
  if (!existsSync(dirname(dest))) throw new BackupError("destination_folder_missing", dirname(dest));

  let database: SQLite.Database;
  try {
    database = new SQLite(source, { readonly: true, fileMustExist: true });
    database.pragma("busy_timeout = 5000");
  } catch (error) {
    throw new BackupError("source_unreadable", source, messageOf(error));
  }
  const partial = `${dest}.partial-${process.pid}`;
  try {
    // One step copies every page under a single read snapshot: a writer cannot restart it
    // forever, and in WAL mode the writer is not blocked meanwhile.
    const progress = await database.backup(partial, { progress: () => allPagesAtOnce });
    renameSync(partial, dest);
    return { path: dest, bytes: statSync(dest).size, pages: progress.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) throw new BackupError("source_unreadable", source, messageOf(error));
    throw new BackupError("destination_unwritable", dest, messageOf(error));
  } finally {
    database.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
