/**
 * The `file_ids` JSON of status updates and pending replies. Older rows hold bare Telegram file
 * ids (`["BQAC…"]`); newer ones objects that also carry the file's name
 * (`[{ "file_id": "BQAC…", "file_name": "bao-cao.pdf" }]`). Every reader takes both.
 */
import type { Attachment } from "../domain/model.js";

/** The type lives in the domain; re-exported for the repositories that map rows to it. */
export type { Attachment };

/** Longest file name kept: what file systems allow. */
const maxNameLength = 255;

export function parseAttachments(json: string): Attachment[] {
  let items: unknown;
  try {
    items = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(items)) return [];
  return items.flatMap((item): Attachment[] => {
    if (typeof item === "string") return item === "" ? [] : [{ fileId: item, name: null }];
    if (typeof item !== "object" || item === null) return [];
    const record = item as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === "string" && record[key] !== "" ? (record[key] as string) : null);
    const attachment = { fileId: text("file_id") ?? text("fileId") ?? text("id"), name: text("file_name") ?? text("name") ?? text("fileName") };
    return attachment.fileId === null && attachment.name === null ? [] : [attachment];
  });
}

/** The new form: an object per file; a bare id (older callers) is kept as it came. */
export function serializeAttachments(files: ReadonlyArray<string | Attachment>): string {
  const items = files.flatMap((file): Array<string | Record<string, string>> => {
    if (typeof file === "string") return file === "" ? [] : [file];
    if (file.fileId === null && file.name === null) return [];
    const name = file.name === null ? null : [...file.name].slice(0, maxNameLength).join("");
    return [{ ...(file.fileId !== null && { file_id: file.fileId }), ...(name !== null && { file_name: name }) }];
  });
  return JSON.stringify(items);
}

/** What a person reads for a file: its name, else its id. */
export function attachmentLabel(attachment: Attachment): string {
  return attachment.name ?? attachment.fileId ?? "";
}
