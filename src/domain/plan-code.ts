/**
 * Plans' short codes and plan-qualified task refs (issue 12): a task is written
 * `1861/III.1.4.a.2` wherever more than one plan is active, its bare ref otherwise. Every view
 * that shows a ref calls `taskLabel`, so the rule lives in one place.
 */

export type PlanState = "active" | "closed" | "archived";
export const planStates: readonly PlanState[] = ["active", "closed", "archived"];

/** A short code as a person may set it: letters, digits, "-", "_", ".", at most 20, no "/". */
export const shortCodePattern = /^[\p{L}\d][\p{L}\d._-]{0,19}$/u;

/** The ref as shown: qualified by the plan's short code when refs could collide. */
export function taskLabel(task: { ref: string; planCode: string }, qualify: boolean): string {
  return qualify ? `${task.planCode}/${task.ref}` : task.ref;
}

/** "1861/III.1.1" → plan "1861", ref "III.1.1"; "III.1.1" → no plan. */
export function splitTypedRef(typed: string): { plan: string | null; ref: string } {
  const text = typed.normalize("NFC").trim();
  const slash = text.indexOf("/");
  if (slash <= 0) return { plan: null, ref: text };
  return { plan: text.slice(0, slash).trim(), ref: text.slice(slash + 1).trim() };
}

/** A plan as typed references resolve it. */
export interface PlanRef {
  id: number;
  code: string;
  shortCode: string;
  status: PlanState;
}

/** A plan with its task counts, as `/plans` and `plans` list it. */
export interface PlanSummary {
  id: number;
  code: string;
  /** the short code tasks are qualified with (`1861`) */
  shortCode: string;
  status: PlanState;
  statusChangedAt: string | null;
  issuer: string | null;
  title: string;
  issuedOn: string | null;
  importedAt: string;
  sourceFile: string;
  tasks: number;
  assignments: number;
  open: number;
  overdue: number;
}
