/**
 * The bundled registry of Thanh Hóa after the 2025 mergers (seeds/agencies-thanh-hoa-2025.json):
 * every line cites its source, the merge map joins the 2022 registry to this one, the 2022
 * registry still loads as before, a deployment that followed QĐ 1861 and switches to this file
 * finds the merged departments' open tasks on their successors, and a plan of 2025 naming
 * "UBND các xã, phường" reaches the 166 communes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRegistry } from "../../src/plan/registry.js";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";

const file2022 = "seeds/agencies.json";
const file2025 = "seeds/agencies-thanh-hoa-2025.json";

interface RawEntry {
  code: string;
  name: string;
  kind?: string;
  source?: string;
  dvhc_code?: string;
  members?: string[];
}
interface RawRegistry {
  valid_from?: string;
  merges: Array<{ from: string; into: string; on: string; source?: string }>;
  agencies: RawEntry[];
  collectives: RawEntry[];
}
const raw = JSON.parse(readFileSync(file2025, "utf8")) as RawRegistry;
const communes = raw.agencies.filter((a) => a.kind === "commune");

describe("the 2025 registry file", () => {
  it("cites a source on every agency, collective and merge; communes cite NQ 1686 and CV 1027 with their official code", () => {
    for (const entry of [...raw.agencies, ...raw.collectives, ...raw.merges]) {
      expect(entry.source?.trim().length ?? 0, JSON.stringify(entry).slice(0, 80)).toBeGreaterThan(20);
    }
    expect(communes).toHaveLength(166);
    expect(communes.filter((c) => c.name.startsWith("Ủy ban nhân dân phường "))).toHaveLength(19);
    expect(communes.filter((c) => c.name.startsWith("Ủy ban nhân dân xã "))).toHaveLength(147);
    for (const c of communes) {
      expect(c.source).toMatch(/NQ 1686\/NQ-UBTVQH15 ngày 16\/6\/2025, Điều 1 khoản \d+/);
      expect(c.source).toContain(`mã ${c.dvhc_code} theo Công văn 1027/CTK-CSCL`);
      expect(c.dvhc_code).toMatch(/^\d{5}$/);
    }
    expect(new Set(communes.map((c) => c.dvhc_code)).size).toBe(166);
    // Khoản 1–145 form 145 units; khoản 146 lists the 21 left as they are.
    const clauses = communes.map((c) => Number(/khoản (\d+)/.exec(c.source!)![1]));
    expect(new Set(clauses.filter((k) => k <= 145)).size).toBe(145);
    expect(clauses.filter((k) => k === 146)).toHaveLength(21);
  });

  it("loads: the dated registry with its merge map, the departments and a collective of all communes", () => {
    const registry = parseRegistry(readFileSync(file2025, "utf8"));
    expect(registry.province).toBe("Thanh Hóa");
    expect(registry.validFrom).toBe("2025-07-01");
    expect(registry.agencies.map((a) => a.code)).toEqual(expect.arrayContaining(["STC", "SNNMT", "SXD", "SKHCN", "SNV", "SDTTG", "XA-HATRUNG", "PH-HACTHANH"]));
    const all = registry.collectives.find((c) => c.code === "CAP-XA")!;
    expect(all.aliases).toEqual(expect.arrayContaining(["Ủy ban nhân dân các xã, phường", "UBND cấp xã"]));
    expect([...all.members].sort()).toEqual(communes.map((c) => c.code).sort());
  });

  it("the merge map joins the two registries: each old code is a 2022 agency gone from 2025, each new code a 2025 agency", () => {
    const old = parseRegistry(readFileSync(file2022, "utf8"));
    const now = parseRegistry(readFileSync(file2025, "utf8"));
    const oldCodes = new Set(old.agencies.map((a) => a.code));
    const newCodes = new Set(now.agencies.map((a) => a.code));
    const merges = now.merges ?? [];
    expect(merges.length).toBeGreaterThan(0);
    for (const merge of merges) {
      expect(oldCodes.has(merge.from), merge.from).toBe(true);
      expect(newCodes.has(merge.from), merge.from).toBe(false);
      expect(newCodes.has(merge.into), merge.into).toBe(true);
    }
    expect(merges.find((m) => m.from === "SKHDT")).toMatchObject({ into: "STC", on: "2025-03-01" });
    // Every provincial agency of 2022 is either still there or merged; only the districts (no
    // single successor) are left out.
    const merged = new Set(merges.map((m) => m.from));
    const unaccounted = old.agencies.filter((a) => !newCodes.has(a.code) && !merged.has(a.code));
    expect(unaccounted.map((a) => a.kind)).toEqual(Array(27).fill("district"));
  });

  it("leaves the 2022 registry as it was: undated, no merges, 59 agencies with the 27 districts", () => {
    const old = parseRegistry(readFileSync(file2022, "utf8"));
    expect(old.validFrom).toBeUndefined();
    expect(old.merges).toEqual([]);
    expect(old.agencies).toHaveLength(59);
    expect(old.agencies.filter((a) => a.kind === "district")).toHaveLength(27);
  });
});

type TaskJson = { ref: string; lead_codes: string[]; status: string | null };
type AgencyJson = { code: string; kind: string; merged_into: string | null; merged_on: string | null };

let cli: CliHarness | undefined;
afterEach(() => {
  cli?.cleanup();
  cli = undefined;
});

/** The CLI on the same database file with REGISTRY set to the 2025 file. */
async function with2025(databasePath: string, now: string, ...argv: string[]) {
  const harness = createCliHarness(now, { REGISTRY: file2025, DATABASE_PATH: databasePath });
  try {
    return await harness.run(...argv);
  } finally {
    harness.cleanup();
  }
}

describe("switching a deployment from the 2022 registry to the 2025 one", () => {
  it("puts the merged departments' open tasks of QĐ 1861 on their successors, once the merge date has come", async () => {
    const h = createCliHarness("2025-02-01T02:00:00Z");
    cli = h;
    expect((await h.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
    const before = await h.json<TaskJson[]>("tasks");
    const ledBy = (tasks: TaskJson[], code: string) => tasks.filter((t) => t.lead_codes.includes(code)).map((t) => t.ref);
    const skhdtTasks = ledBy(before, "SKHDT");
    expect(skhdtTasks.length).toBeGreaterThan(0);
    const tasksOf = async (now: string) => JSON.parse((await with2025(h.databasePath, now, "tasks", "--json")).out) as TaskJson[];

    // Before 1/3/2025 the 2025 file adds the new agencies but merges nothing.
    expect(ledBy(await tasksOf("2025-02-20T02:00:00Z"), "SKHDT")).toEqual(skhdtTasks);

    // The same day on the 2022 registry, for the statuses to compare with.
    h.setNow("2025-07-02T02:00:00Z");
    const sameDay2022 = await h.json<TaskJson[]>("tasks");
    const after = await tasksOf("2025-07-02T02:00:00Z");
    expect(after.map((t) => t.ref)).toEqual(before.map((t) => t.ref));
    for (const ref of skhdtTasks) expect(after.find((t) => t.ref === ref)?.lead_codes).toContain("STC");
    const gone = ["SKHDT", "SNNPTNT", "STNMT", "SGTVT", "STTTT", "SLDTBXH", "BDT"];
    for (const code of gone) expect(ledBy(after, code), code).toEqual([]);
    for (const ref of [...ledBy(before, "SNNPTNT"), ...ledBy(before, "STNMT")]) expect(after.find((t) => t.ref === ref)?.lead_codes).toContain("SNNMT");
    // Nothing closed or reopened by the move: each task keeps its status.
    expect(after.map((t) => t.status)).toEqual(sameDay2022.map((t) => t.status));

    const agencies = JSON.parse((await with2025(h.databasePath, "2025-07-02T02:00:00Z", "agencies", "--json")).out) as AgencyJson[];
    expect(agencies.find((a) => a.code === "SKHDT")).toMatchObject({ merged_into: "STC", merged_on: "2025-03-01" });
    expect(agencies.filter((a) => a.kind === "commune")).toHaveLength(166);
    // The districts stay (no successor): their tasks wait for a coordinator's /setlead.
    expect(agencies.filter((a) => a.kind === "district" && a.merged_into === null)).toHaveLength(27);
  });
});

describe("a new deployment on the 2025 registry", () => {
  it("reads a plan of 2025: merged departments by their new names, one commune, and all 166 through 'UBND các xã, phường'", async () => {
    const h = createCliHarness("2025-09-01T02:00:00Z", { REGISTRY: file2025 });
    cli = h;
    const plan = join(h.dir, "ke-hoach-2025.md");
    writeFileSync(
      plan,
      [
        "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
        "",
        "Số: 77/KH-UBND",
        "",
        "Thanh Hóa, ngày 20 tháng 8 năm 2025",
        "",
        "**KẾ HOẠCH**",
        "",
        "**Thử nghiệm danh mục cơ quan sau sắp xếp**",
        "",
        "**Phụ lục: DANH MỤC NHIỆM VỤ**",
        "",
        "| **TT** | **Nhiệm vụ** | **Cơ quan chủ trì** | **Cơ quan phối hợp** | **Thời gian hoàn thành** | **Sản phẩm** |",
        "|:---:|---|---|---|:---:|---|",
        "| 1 | Rà soát hiện trạng đất nông nghiệp sau sắp xếp | Sở Nông nghiệp và Môi trường | Sở Dân tộc và Tôn giáo | Quý IV/2025 | Báo cáo |",
        "| 2 | Cập nhật địa chỉ trụ sở trên Cổng Dịch vụ công | UBND các xã, phường | Sở Khoa học và Công nghệ | Tháng 12/2025 | Địa chỉ được cập nhật |",
        "| 3 | Chỉnh trang khu vực Hồ Thành | UBND phường Hạc Thành | Sở Xây dựng | Năm 2026 | Khu vực được chỉnh trang |",
        "",
      ].join("\n"),
    );
    const imported = await h.run("import", plan);
    expect(imported.code, imported.err).toBe(0);
    const tasks = await h.json<TaskJson[]>("tasks");
    const leads = (n: number) => tasks.find((t) => t.ref.endsWith(`.${n}`) || t.ref === String(n))?.lead_codes ?? [];
    expect(leads(1)).toEqual(["SNNMT"]);
    expect(leads(2)).toHaveLength(166);
    expect(leads(3)).toEqual(["PH-HACTHANH"]);
    const agencies = await h.json<AgencyJson[]>("agencies");
    expect(agencies.filter((a) => a.kind === "unregistered")).toEqual([]);
  });
});
