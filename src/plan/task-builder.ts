/** Turns what was read about one task into a ParsedTask, with its warnings. */
import type { AgencyMatcher } from "./agency-matcher.js";
import type { Party } from "./assignment-clause.js";
import type { DeadlineResult } from "./deadline-phrase.js";
import type { ParsedTask, PlanWarning, TaskParty } from "./types.js";
import { planTexts } from "./warnings.js";

export interface TaskDraft {
  ref: string;
  section: string;
  text: string;
  line: number;
  leads: Party[];
  coordinates: Party[];
  deadline: DeadlineResult;
  /** where the parties are named, when a heading above names them */
  partiesLine?: number;
  source?: "body" | "table";
}

function toTaskParty(party: Party, matcher: AgencyMatcher): TaskParty {
  switch (party.kind) {
    case "entity":
      return {
        name: party.entity.name,
        codes: matcher.expand(party.entity),
        collective: party.entity.type === "collective" ? party.entity.code : null,
        generic: false,
        written: party.text,
      };
    case "generic":
      return { name: party.text, codes: [], collective: null, generic: true, written: party.text };
    case "unknown":
      return { name: party.text, codes: [], collective: null, generic: false, written: party.text };
  }
}

function uniqueParties(parties: TaskParty[]): TaskParty[] {
  const seen = new Set<string>();
  return parties.filter((p) => {
    const key = p.collective ?? (p.codes.length > 0 ? p.codes.join(",") : p.name.toLowerCase());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function buildTask(draft: TaskDraft, matcher: AgencyMatcher, warnings: PlanWarning[]): ParsedTask {
  const leads = uniqueParties(draft.leads.map((p) => toTaskParty(p, matcher)));
  const leadCodes = new Set(leads.flatMap((p) => p.codes));
  // An agency that leads is not also listed as coordinating the same task.
  const coordinates = uniqueParties(draft.coordinates.map((p) => toTaskParty(p, matcher))).filter((p) => p.codes.length === 0 || p.codes.some((code) => !leadCodes.has(code)));
  for (const party of [...draft.leads, ...draft.coordinates]) {
    if (party.kind === "unknown") warnings.push({ line: draft.partiesLine ?? draft.line, message: planTexts.unknownAgency(party.text) });
  }
  if (leads.length === 0) warnings.push({ line: draft.line, message: planTexts.noLead(draft.ref) });
  for (const phrase of draft.deadline.unrecognized) {
    // "Từ tháng 11/2025 đến khi kết thúc …": a start with no end
    const startOnly = /^t[ừư] .* [dđ][ếe]n khi /iu.test(phrase);
    warnings.push({ line: draft.line, message: startOnly ? planTexts.startOnlyDeadline(phrase) : planTexts.unreadDeadline(phrase) });
  }
  return {
    ref: draft.ref,
    section: draft.section,
    text: draft.text,
    leads,
    coordinates,
    group: leads.some((p) => p.collective !== null),
    deadline: draft.deadline.deadline,
    line: draft.line,
    source: draft.source ?? "body",
  };
}
