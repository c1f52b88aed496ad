/**
 * The before and after of an audited change as a reader says them, for the spreadsheet's
 * history sheet: "Hạn: 30/09/2026", "Trạng thái: đã hoàn thành", "Cơ quan chủ trì: Sở Tài
 * chính" — one line per value, never the stored JSON. Ids and bookkeeping are left out.
 */
import { formatVietnameseDate, formatVietnameseDateTime, localDateTimeOf } from "../../domain/local-date.js";
import { parseObject } from "../../storage/history-repository.js";
import { historyFieldLabels, historyTexts } from "../../texts/history.js";
import { roleLabels } from "../../texts/labels.js";
import { updateKindLabels } from "../../texts/spreadsheet.js";

/** Bookkeeping, ids and what another field already says (the deadline phrase says the deadline). */
const hidden = new Set([
  "id",
  "invite",
  "request",
  "status_update",
  "extension_request",
  "position",
  "source_line",
  "source_hash",
  "is_group",
  "targets",
  "deadline_kind",
  "deadline_date",
  "deadline_month",
  "deadline_day",
  "created_at",
  "updated_at",
  "removed_at",
  "next_stage_at",
]);
/** Names under which services write the same thing */
const aliases: Record<string, string> = { due_on: "due", dueOn: "due", originalDueOn: "original_due_on", completed_at: "completed", display_name: "name" };

const isLocalDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const isInstant = (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value);

function valueText(field: string, value: unknown, timeZone: string): string | null {
  if (field === "completed") return historyTexts.completed(typeof value === "boolean" ? value : value !== null && value !== undefined);
  if (value === null || value === undefined) return field === "due" ? historyTexts.noDue : null;
  if (Array.isArray(value))
    return value.length === 0
      ? null
      : value
          .map((v) => valueText("", v, timeZone) ?? "")
          .filter((v) => v !== "")
          .join("; ");
  if (typeof value === "object") {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k} ${valueText(k, v, timeZone) ?? ""}`.trim());
    return parts.length === 0 ? null : parts.join(", ");
  }
  if (typeof value === "boolean") return value ? "có" : "không";
  const text = String(value);
  if (field === "role") return roleLabels[text as keyof typeof roleLabels] ?? text;
  if (field === "kind") return updateKindLabels[text] ?? text;
  if (text.startsWith("[")) {
    const list = parseObject(`{"v":${text}}`)?.v;
    if (Array.isArray(list)) return valueText(field, list, timeZone);
  }
  if (isLocalDate(text)) return formatVietnameseDate(text);
  if (isInstant(text)) return formatVietnameseDateTime(localDateTimeOf(text, timeZone));
  return text;
}

function sideText(side: Record<string, unknown> | null, timeZone: string): string | null {
  if (side === null) return null;
  const lines: string[] = [];
  for (const [key, value] of Object.entries(side)) {
    if (hidden.has(key) || key.endsWith("_id")) continue;
    const field = aliases[key] ?? key;
    const text = valueText(field, value, timeZone);
    if (text === null) continue;
    lines.push(`${historyFieldLabels[field] ?? field}: ${text}`);
  }
  return lines.length === 0 ? null : lines.join("\n");
}

/** Trước and Sau of one audit entry. */
export function historySides(entry: { action: string; before: string | null; after: string | null }, timeZone: string): { before: string | null; after: string | null } {
  const before = parseObject(entry.before);
  const after = parseObject(entry.after);
  if (entry.action === "status_update.recorded" && after && typeof after.completed === "boolean") {
    // The status update itself is its own line of the sheet; this entry says what it did to the cycle.
    return { before: sideText({ completed: before?.completed_at ?? null }, timeZone), after: sideText({ completed: after.completed }, timeZone) };
  }
  return { before: sideText(before, timeZone), after: sideText(after, timeZone) };
}
