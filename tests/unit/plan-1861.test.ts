/**
 * The reviewed reading of Decision 1861/QĐ-UBND, task by task. Each row was checked by hand
 * against the document (seeds/qd-1861-2022-thanh-hoa.txt): ref, the line the task starts on,
 * who leads (registry codes; CAP-TINH / CAP-HUYEN for the collectives; ?name for a lead the
 * registry does not know), who coordinates ("…" for "các đơn vị liên quan" and the like), and
 * the deadline rule. A change in the reader that alters any of it must be reviewed again.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseRegistry } from "../../src/plan/registry.js";
import type { ParsedTask, TaskParty } from "../../src/plan/types.js";

const registry = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
const document = readFileSync("seeds/qd-1861-2022-thanh-hoa.txt", "utf8");
const parsed = parsePlan(document, createAgencyMatcher(registry), { fallbackCode: "unused" });

function party(p: TaskParty): string {
  return p.collective ?? p.codes[0] ?? (p.generic ? "…" : `?${p.name}`);
}

function deadline(task: ParsedTask): string {
  const d = task.deadline;
  if (d.kind === "date" || d.kind === "horizon") return `${d.kind} ${d.date}`;
  if (d.kind === "annual") return d.month ? `annual ${d.day}/${d.month}` : "annual";
  return d.kind;
}

// [ref, line, leads, coordinates, deadline]
const reviewed: Array<[string, number, string, string, string]> = [
  ["III.1.1.a.1", 47, "SKHDT", "…", "none"],
  ["III.1.1.a.2", 48, "SKHDT", "…", "none"],
  ["III.1.1.a.3", 49, "SKHDT", "…", "none"],
  ["III.1.1.a.4", 50, "SKHDT", "…", "none"],
  ["III.1.1.a.5", 51, "SKHDT", "…", "none"],
  ["III.1.1.a.6", 52, "SKHDT", "…", "none"],
  ["III.1.1.b.1", 54, "?Các chủ đầu tư ?các Ban Quản lý dự án đầu tư xây dựng chuyên ngành và khu vực", "", "none"],
  ["III.1.1.b.2", 55, "?Các chủ đầu tư ?các Ban Quản lý dự án đầu tư xây dựng chuyên ngành và khu vực", "", "none"],
  ["III.1.1.c", 56, "SXD", "…", "none"],
  ["III.1.2.1", 59, "STC", "…", "none"],
  ["III.1.2.2", 60, "STC", "…", "none"],
  ["III.1.2.3", 61, "STC", "…", "none"],
  ["III.1.2.4", 62, "STC", "…", "none"],
  ["III.1.3", 64, "NHNN", "", "none"],
  ["III.1.4.a.1", 67, "STC", "…", "none"],
  ["III.1.4.a.2", 68, "STC", "…", "date 2022-07-31"],
  ["III.1.4.a.3", 69, "STC", "…", "none"],
  ["III.1.4.b", 70, "SNV", "…", "none"],
  ["III.1.4.c", 71, "VPUBND", "", "none"],
  ["III.2.1.a", 74, "STC", "…", "none"],
  ["III.2.1.b", 75, "NHNN", "", "none"],
  ["III.2.2.a.1", 78, "STNMT", "CAP-TINH CAP-HUYEN …", "none"],
  ["III.2.2.a.2", 79, "STNMT", "CAP-TINH CAP-HUYEN …", "none"],
  ["III.2.2.a.3", 80, "STNMT", "CAP-TINH CAP-HUYEN …", "none"],
  ["III.2.2.a.4", 81, "STNMT", "CAP-TINH CAP-HUYEN …", "none"],
  ["III.2.2.a.5", 82, "STNMT", "CAP-TINH CAP-HUYEN …", "date 2022-06-06"],
  ["III.2.2.b", 83, "SXD", "…", "none"],
  ["III.2.3.1", 86, "SLDTBXH", "…", "date 2022-11-30"],
  ["III.2.3.2", 87, "SLDTBXH", "…", "none"],
  ["III.2.3.3", 88, "SLDTBXH", "…", "none"],
  ["III.2.4.a.1", 91, "SKHCN", "…", "none"],
  ["III.2.4.a.2", 92, "SKHCN", "…", "none"],
  ["III.2.4.b", 93, "STTTT", "…", "none"],
  ["III.3.1.a", 96, "STC", "", "none"],
  ["III.3.1.b", 97, "SNNPTNT", "", "none"],
  ["III.3.2.a.1", 100, "SKHDT", "…", "none"],
  ["III.3.2.a.2", 101, "SKHDT", "…", "horizon 2025-12-31"],
  ["III.3.2.a.3", 102, "SKHDT", "…", "monthly"],
  ["III.3.2.b.1", 104, "SKHCN", "…", "none"],
  ["III.3.2.b.2", 105, "SKHCN", "…", "none"],
  ["III.3.2.c", 106, "TTRA", "", "none"],
  ["III.3.2.d", 107, "VPUBND", "", "none"],
  ["III.3.2.đ", 108, "SNV", "…", "none"],
  ["III.3.2.e", 109, "STP", "…", "none"],
  ["III.3.2.g.1", 111, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.3.2.g.2", 112, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.3.3.a", 114, "SKHDT", "…", "none"],
  ["III.3.3.b", 115, "TTXT", "…", "none"],
  ["III.3.3.c", 116, "SKHDT BQLKKT", "…", "none"],
  ["III.3.3.d", 117, "SNGV", "…", "none"],
  ["III.3.3.đ.1", 119, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.3.3.đ.2", 120, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.3.4.a", 122, "SKHDT", "…", "none"],
  ["III.3.4.b", 123, "SNNPTNT", "…", "none"],
  ["III.3.4.c", 124, "LMHTX", "…", "none"],
  ["III.3.4.d", 125, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.4.1.1", 128, "SKHDT", "…", "conditional"],
  ["III.4.1.2", 129, "SKHDT", "…", "horizon 2025-12-31"],
  ["III.4.1.3", 130, "SKHDT", "…", "none"],
  ["III.4.2.1", 132, "SXD", "…", "none"],
  ["III.4.2.2", 133, "SXD", "…", "none"],
  ["III.4.2.3", 134, "SXD", "…", "none"],
  ["III.4.3", 135, "BQLKKT UB-NGHISON UB-NONGCONG", "", "none"],
  ["III.4.4.1", 137, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.4.4.2", 138, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.4.4.3", 139, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.4.4.4", 140, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.5.1.a.1", 144, "SNNPTNT", "…", "date 2022-12-31"],
  ["III.5.1.a.2", 145, "SNNPTNT", "…", "none"],
  ["III.5.1.a.3", 146, "SNNPTNT", "…", "none"],
  ["III.5.1.a.4", 147, "SNNPTNT", "…", "horizon 2025-12-31"],
  ["III.5.1.a.5", 148, "SNNPTNT", "…", "none"],
  ["III.5.1.b", 149, "SCT TTXT", "SNNPTNT", "none"],
  ["III.5.1.c", 150, "STNMT", "", "none"],
  ["III.5.1.d", 151, "CAP-HUYEN", "SNNPTNT …", "none"],
  ["III.5.2.a.1", 154, "SCT", "…", "none"],
  ["III.5.2.a.2", 155, "SCT", "…", "date 2023-12-31"],
  ["III.5.2.a.3", 156, "SCT", "…", "none"],
  ["III.5.2.b.1", 158, "BQLKKT", "…", "none"],
  ["III.5.2.b.2", 159, "BQLKKT", "…", "none"],
  ["III.5.2.c", 160, "STNMT", "…", "date 2022-11-30"],
  ["III.5.2.d", 161, "STC", "…", "none"],
  ["III.5.3.a", 163, "CAP-TINH CAP-HUYEN", "", "none"],
  ["III.5.3.b.1", 165, "SCT", "…", "none"],
  ["III.5.3.b.2", 166, "SCT", "…", "none"],
  ["III.5.3.b.3", 167, "SCT", "… STTTT", "none"],
  ["III.5.3.c.1", 169, "SVHTTDL", "…", "none"],
  ["III.5.3.c.2", 170, "SVHTTDL", "…", "none"],
  ["III.5.3.c.3", 172, "SVHTTDL", "… SKHDT TTXT …", "none"],
  ["III.5.3.d", 173, "SGTVT", "…", "none"],
  ["III.5.3.đ", 174, "SXD", "…", "none"],
  ["III.5.3.e", 175, "BQLKKT", "…", "none"],
  ["III.5.3.g", 176, "SKHDT", "…", "conditional"],
  ["III.5.3.h", 177, "STTTT", "…", "none"],
  ["III.5.3.k", 178, "NHNN", "", "none"],
  ["III.5.3.l", 179, "SYT", "…", "none"],
  ["III.5.3.m", 180, "SGDDT", "", "none"],
  ["IV.1", 182, "CAP-TINH CAP-HUYEN", "", "none"],
  ["IV.2", 183, "CAP-TINH CAP-HUYEN", "", "annual 30/11"],
  ["IV.3", 184, "SKHDT", "", "annual"],
  ["IV.4", 185, "CAP-TINH CAP-HUYEN", "", "none"],
];

describe("Decision 1861/QĐ-UBND, read line by line", () => {
  it("names the plan", () => {
    expect(parsed.plan).toEqual({
      code: "1861/QĐ-UBND",
      title:
        "Kế hoạch hành động thực hiện Nghị quyết số 54/NQ-CP ngày 12/4/2022 của Chính phủ ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết của Quốc hội về cơ cấu lại nền kinh tế giai đoạn 2021 - 2025",
      issued_on: "2022-05-30",
      issuer: "UBND tỉnh Thanh Hóa",
    });
  });

  it("finds every task with its lead, coordinators and deadline", () => {
    const actual = parsed.tasks.map((t) => [t.ref, t.line, t.leads.map(party).join(" "), t.coordinates.map(party).join(" "), deadline(t)]);
    expect(actual).toEqual(reviewed);
  });

  it("keeps the phrase each deadline came from", () => {
    const phrases = Object.fromEntries(parsed.tasks.filter((t) => t.deadline.phrase).map((t) => [t.ref, t.deadline.phrase]));
    expect(phrases).toMatchObject({
      "III.1.4.a.2": "trong tháng 7 năm 2022",
      "III.2.2.a.5": "trước ngày 06/6/2022",
      "III.2.3.1": "trong tháng 11 năm 2022",
      "III.3.2.a.3": "định kỳ hằng tháng",
      "III.5.1.a.1": "Quý IV năm 2022",
      "III.5.2.a.2": "trong năm 2023",
      "III.5.2.c": "trước tháng 12 năm 2022",
      "III.5.3.g": "sau khi Bộ Kế hoạch và Đầu tư và các Bộ, ngành liên quan có hướng dẫn",
      "IV.2": "định kỳ hằng năm (trước ngày 30/11)",
    });
  });

  it("assigns part IV's annual report to every provincial agency and every district", () => {
    const report = parsed.tasks.find((t) => t.ref === "IV.2")!;
    const codes = report.leads.flatMap((p) => p.codes);
    const districts = registry.agencies.filter((a) => a.kind === "district");
    expect(districts).toHaveLength(27);
    expect(new Set(codes)).toEqual(new Set(registry.agencies.map((a) => a.code)));
    expect(report.group).toBe(true);
    expect(report.leads.map((p) => p.name)).toEqual(["Các sở, ban, ngành, đơn vị cấp tỉnh", "UBND các huyện, thị xã, thành phố"]);
  });

  it("flags what it could not resolve, with the line it is on", () => {
    expect(parsed.warnings).toEqual([
      { line: 53, message: expect.stringContaining('"Các chủ đầu tư"') },
      { line: 53, message: expect.stringContaining('"các Ban Quản lý dự án đầu tư xây dựng chuyên ngành và khu vực"') },
      { line: 171, message: expect.stringContaining("III.5.3.c.2") },
    ]);
  });

  it("joins the line that lost its bullet to the task above instead of dropping it", () => {
    const task = parsed.tasks.find((t) => t.ref === "III.5.3.c.2")!;
    expect(task.text).toContain("Xây dựng cơ chế thu hút các doanh nghiệp");
  });

  it("keeps part II's 2025 targets as data", () => {
    expect(parsed.targets.map((t) => t.line)).toEqual([34, 35, 36, 37, 38, 39, 40, 41, 42]);
    expect(parsed.targets[1]!.text).toContain("750.000 tỷ đồng");
  });

  it("reads the same plan from decomposed Unicode and Windows line ends", () => {
    const mangled = document.normalize("NFD").replace(/\n/g, "\r\n");
    const again = parsePlan(mangled, createAgencyMatcher(registry), { fallbackCode: "unused" });
    expect(again.tasks.map((t) => [t.ref, t.line, t.leads.map(party).join(" "), deadline(t)])).toEqual(reviewed.map(([ref, line, leads, , d]) => [ref, line, leads, d]));
  });
});
