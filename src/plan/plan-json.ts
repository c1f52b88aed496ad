/** The parsed-plan JSON of the interface contract (DESIGN.md §6). */
import type { Deadline } from "../domain/deadline.js";
import type { ParsedPlan, ParsedTask, PlanTarget, PlanWarning } from "./types.js";

export interface TaskJson {
  ref: string;
  section: string;
  text: string;
  lead: string[];
  /** the lead names as the document writes them, beside the canonical ones */
  lead_text: string[];
  lead_codes: string[];
  coordinate: string[];
  coordinate_text: string[];
  coordinate_codes: string[];
  group: boolean;
  deadline: Deadline;
  line: number;
  source: ParsedTask["source"];
}

export interface PlanJson {
  plan: ParsedPlan["plan"];
  shape: ParsedPlan["shape"];
  tasks: TaskJson[];
  targets: PlanTarget[];
  warnings: PlanWarning[];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function taskToJson(task: ParsedTask): TaskJson {
  const leadCodes = unique(task.leads.flatMap((p) => p.codes));
  return {
    ref: task.ref,
    section: task.section,
    text: task.text,
    lead: task.leads.map((p) => p.name),
    lead_text: task.leads.map((p) => p.written),
    lead_codes: leadCodes,
    coordinate: task.coordinates.map((p) => p.name),
    coordinate_text: task.coordinates.map((p) => p.written),
    coordinate_codes: unique(task.coordinates.flatMap((p) => p.codes)).filter((code) => !leadCodes.includes(code)),
    group: task.group,
    deadline: task.deadline,
    line: task.line,
    source: task.source,
  };
}

export function planToJson(parsed: ParsedPlan): PlanJson {
  return {
    plan: parsed.plan,
    shape: parsed.shape,
    tasks: parsed.tasks.map(taskToJson),
    targets: parsed.targets,
    warnings: parsed.warnings,
  };
}
