/** The kinds of agency a registry may list; "unregistered" marks one the registry does not know. */
export const REGISTRY_AGENCY_KINDS = ["department", "board", "bank", "center", "office", "inspectorate", "union", "branch", "district", "commune"] as const;

export type AgencyKind = (typeof REGISTRY_AGENCY_KINDS)[number] | "unregistered";

/** A kind an admin may give an agency (every kind but "unregistered"). */
export function isAgencyKind(kind: string): kind is AgencyKind {
  return (REGISTRY_AGENCY_KINDS as readonly string[]).includes(kind);
}
