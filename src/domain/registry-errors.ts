/** Errors of registry changes: a stable code and the values the message names (texts/registry.ts). */
export type RegistryErrorCode =
  | "code_invalid"
  | "code_taken"
  | "name_invalid"
  | "name_taken"
  | "kind_invalid"
  | "agency_unknown"
  | "agency_merged"
  | "merge_self"
  | "parent_cycle"
  | "date_invalid"
  | "date_future"
  | "alias_unknown"
  | "ref_unknown"
  | "ref_ambiguous"
  | "lead_unchanged"
  | "lead_choice"
  | "not_lead"
  | "coordinate_exists"
  | "coordinate_missing";

export class RegistryChangeError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(`${code} ${JSON.stringify(details)}`);
    this.name = "RegistryChangeError";
  }
}
