/**
 * Choosing a registry (REGISTRY): none starts empty and imports fill it; a dated registry file
 * with a merge map makes each merge once, when its date has come, on the next start; the file
 * format names every problem with its place.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRegistry, RegistryError } from "../../src/plan/registry.js";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;
afterEach(() => cli.cleanup());

type AgencyJson = { code: string; name: string };

describe.each(stores)("REGISTRY on $name", (store) => {
  it("none: no agency until an import adds them", async () => {
    cli = createCliHarness("2026-11-27T02:00:00Z", { REGISTRY: "none" }, store);
    expect(await cli.json<AgencyJson[]>("agencies")).toEqual([]);
    const csv = join(cli.dir, "so-nganh.csv");
    writeFileSync(csv, "code,name,kind,aliases\nSTC,Sở Tài chính,department,Sở TC\nSXD,Sở Xây dựng,department,\n");
    expect((await cli.run("agencies", "--import", csv)).out).toContain("2 cơ quan mới");
    expect((await cli.json<AgencyJson[]>("agencies")).map((a) => a.code)).toEqual(["STC", "SXD"]);
  });

  it("a dated registry with a merge map: the merge is made once its date has come", async () => {
    cli = createCliHarness("2025-02-01T02:00:00Z", undefined, store);
    expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
    const bundled = JSON.parse(readFileSync("seeds/agencies.json", "utf8")) as { agencies: Array<{ code: string }>; collectives: unknown[] };
    const dated = join(cli.dir, "registry-test.json");
    writeFileSync(
      dated,
      JSON.stringify({
        province: "Tỉnh thử nghiệm",
        valid_from: "2025-03-01",
        merges: [{ from: "SKHDT", into: "STC", on: "2025-03-01", source: "Quyết định thử nghiệm (dữ liệu kiểm thử, không phải văn bản thật)" }],
        agencies: bundled.agencies.filter((a) => a.code !== "SKHDT"),
        collectives: [],
      }),
    );
    // The same database opened with the dated registry: before 1/3/2025 nothing merges.
    const database = await cli.databaseEnv();
    const withDb = (now: string, ...argv: string[]) => createCliHarnessOn(database, now, dated).run(...argv);
    const leadsOf = async (now: string) => (JSON.parse((await withDb(now, "tasks", "--json")).out) as Array<{ lead_codes: string[] }>).flatMap((t) => t.lead_codes);
    expect(await leadsOf("2025-02-01T02:00:00Z")).toContain("SKHDT");
    expect(await leadsOf("2025-03-02T02:00:00Z")).not.toContain("SKHDT");
    // Once: a later start finds SKHDT merged and leaves it.
    expect((await withDb("2025-03-03T02:00:00Z", "merge", "SKHDT", "STC", "--on", "01/03/2025")).err).toContain("đã hợp nhất vào Sở Tài chính");
    const agencies = JSON.parse((await withDb("2025-03-03T02:00:00Z", "agencies", "--json")).out) as AgencyJson[];
    expect(agencies.map((a) => a.code)).toContain("SKHDT");
  });
});

/** The CLI on an existing database (DATABASE_PATH or DATABASE_URL) with REGISTRY set. */
function createCliHarnessOn(database: Record<string, string>, now: string, registry: string) {
  const harness = createCliHarness(now, { REGISTRY: registry, ...database });
  return {
    run: async (...argv: string[]) => {
      try {
        return await harness.run(...argv);
      } finally {
        await harness.cleanup();
      }
    },
  };
}

describe("the registry file format", () => {
  const base = { agencies: [{ code: "STC", name: "Sở Tài chính", kind: "department" }] };
  it("reads province, valid_from and merges", () => {
    const registry = parseRegistry(
      JSON.stringify({ ...base, province: "Thanh Hóa", valid_from: "2025-07-01", merges: [{ from: "SKHDT", into: "STC", on: "2025-03-01", source: "Nghị quyết số … của HĐND tỉnh" }] }),
    );
    expect(registry.province).toBe("Thanh Hóa");
    expect(registry.validFrom).toBe("2025-07-01");
    expect(registry.merges).toEqual([{ from: "SKHDT", into: "STC", on: "2025-03-01", source: "Nghị quyết số … của HĐND tỉnh" }]);
  });

  it.each([
    [{ merges: [{ from: "SKHDT", into: "SNEW", on: "2025-03-01", source: "Nghị quyết thử" }] }, 'merges[0].into: không có cơ quan mã "SNEW"'],
    [{ merges: [{ from: "SKHDT", into: "STC", on: "2025-03-01" }] }, "merges.0.source"],
    [{ merges: [{ from: "SKHDT", into: "STC", on: "1/3/2025", source: "Nghị quyết thử" }] }, "merges.0.on"],
    [{ valid_from: "2125-01-01" }, "valid_from"],
  ])("names the problem's place: %j", (extra, place) => {
    try {
      parseRegistry(JSON.stringify({ ...base, ...extra }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RegistryError);
      expect((error as RegistryError).problems.join("\n")).toContain(place);
    }
  });
});
