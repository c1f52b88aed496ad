/** `backup <file> [--force] [--json]`: an online copy of the database, safe while the service runs. */
import { resolve } from "node:path";
import { databaseLabel } from "../../config.js";
import { backupDatabase, BackupError } from "../../storage/backup.js";
import { callerFolder, CliError, printJson, type CliContext } from "../context.js";
import { loadCliConfig } from "../open.js";
import { backupTexts, sizeLabel } from "../texts.js";

export async function runBackup(context: CliContext, args: { file: string | undefined; force: boolean; json: boolean }): Promise<void> {
  const config = loadCliConfig(context);
  // PostgreSQL has its own tool for an online copy: say which, change nothing.
  if (config.databaseUrl !== null) throw new CliError(backupTexts.postgres(databaseLabel(config)));
  if (!args.file) throw new CliError(backupTexts.missingFile(), 2);
  try {
    const result = await backupDatabase(config.databasePath, resolve(callerFolder(context), args.file), { overwrite: args.force });
    if (args.json) return printJson(context.io, { file: result.path, bytes: result.bytes, pages: result.pages });
    context.io.out(backupTexts.done(result.path, sizeLabel(result.bytes)));
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    throw new CliError(backupMessage(error));
  }
}

function backupMessage(error: BackupError): string {
  switch (error.problem) {
    case "source_missing":
      return backupTexts.sourceMissing(error.path);
    case "source_unreadable":
      return backupTexts.sourceUnreadable(error.path, error.detail);
    case "destination_exists":
      return backupTexts.exists(error.path);
    case "destination_is_source":
      return backupTexts.isSource(error.path);
    case "destination_is_database_file":
      return backupTexts.isDatabaseFile(error.path, error.detail);
    case "destination_is_directory":
      return backupTexts.isDirectory(error.path);
    case "destination_folder_missing":
      return backupTexts.folderMissing(error.path);
    case "destination_unwritable":
      return backupTexts.unwritable(error.path, error.detail);
  }
}
