/** Registry views: the notice an officer gets when a merge or a reassignment moves their work, and the agency list. */
import { formatVietnameseDate } from "../../domain/local-date.js";
import type { ManagedAgency } from "../../domain/model.js";
import type { AgencyNotice } from "../../domain/notice-kinds.js";
import { agencyNoticeText, registryTexts } from "../../texts/registry.js";
import { escapeHtml, messageLimit, shorten } from "./html.js";
import { keyboard } from "./keyboard.js";
import type { View } from "./tasks-view.js";

function escaped(notice: AgencyNotice): AgencyNotice {
  const copy: Record<string, unknown> = { ...notice };
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === "string" && key !== "event" && key !== "on" && key !== "due") copy[key] = escapeHtml(key === "text" ? shorten(value, 600) : value);
  }
  return copy as AgencyNotice;
}

export function agencyNoticeView(notice: AgencyNotice): View {
  return { text: agencyNoticeText(escaped(notice), formatVietnameseDate), keyboard: keyboard([]) };
}

/** `/agencies`: code, name, and what happened to it (merged into, formerly part of). */
export function agencyListView(agencies: readonly ManagedAgency[]): string {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const lines = [registryTexts.listHeader(agencies.filter((a) => !a.mergedIntoCode).length)];
  for (const a of agencies) {
    const merged = a.mergedIntoCode ? ` — ${registryTexts.mergedLabel(escapeHtml(byCode.get(a.mergedIntoCode)?.name ?? a.mergedIntoCode), formatVietnameseDate(a.mergedOn ?? ""))}` : "";
    const parent = a.parentCode ? ` (${registryTexts.parentLabel(a.parentCode)})` : "";
    const line = `<b>${escapeHtml(a.code)}</b> ${escapeHtml(a.name)}${parent}${merged}`;
    if (lines.join("\n").length + line.length > messageLimit - 100) {
      lines.push(registryTexts.listCut());
      break;
    }
    lines.push(line);
  }
  return lines.join("\n");
}
