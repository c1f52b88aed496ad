/** One list of agency kinds (src/domain/agency-kind.ts) for the registry file and admins' edits. */
import { describe, expect, it } from "vitest";
import { isAgencyKind, REGISTRY_AGENCY_KINDS } from "../../src/domain/agency-kind.js";
import { parseRegistry } from "../../src/plan/registry.js";

const registryWith = (kind: string) => JSON.stringify({ agencies: [{ code: "STC", name: "Sở Tài chính", kind, aliases: [] }], collectives: [] });

describe("agency kinds", () => {
  it("lets an admin give any registry kind, but not 'unregistered' or a typo", () => {
    for (const kind of REGISTRY_AGENCY_KINDS) expect(isAgencyKind(kind)).toBe(true);
    expect(isAgencyKind("unregistered")).toBe(false);
    expect(isAgencyKind("Department")).toBe(false);
  });

  it("the registry file accepts the same kinds and refuses others", () => {
    for (const kind of REGISTRY_AGENCY_KINDS) expect(parseRegistry(registryWith(kind)).agencies[0]?.kind).toBe(kind);
    expect(() => parseRegistry(registryWith("unregistered"))).toThrow(/kind/);
  });
});
