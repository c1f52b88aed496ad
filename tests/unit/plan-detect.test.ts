/**
 * Is it a plan? Every real plan we have (QĐ 1861, the table fixture, the twelve practice plans
 * of 2025) is taken; the project's own README and design notes, which the reader would once
 * have turned into dozens of tasks, are refused with the signs they lack.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { detectPlan } from "../../src/plan/plan-detect.js";
import { parseRegistry } from "../../src/plan/registry.js";

const matcher = createAgencyMatcher(parseRegistry(readFileSync("seeds/agencies.json", "utf8")));
const practice = "../shared/plans/practice";

function detect(text: string) {
  return detectPlan(text, parsePlan(text, matcher, { fallbackCode: "x" }).tasks);
}

const plans = [
  "seeds/qd-1861-2022-thanh-hoa.txt",
  "tests/fixtures/table-plan.md",
  ...(existsSync(practice)
    ? readdirSync(practice)
        .filter((f) => f.endsWith(".txt"))
        .map((f) => `${practice}/${f}`)
    : []),
];

describe("detectPlan", () => {
  it("finds the practice plans", () => {
    expect(plans.length).toBe(14);
  });

  it.each(plans)("takes %s as a plan", (file) => {
    expect(detect(readFileSync(file, "utf8"))).toMatchObject({ isPlan: true, missing: [] });
  });

  it("refuses the README: no header, no title, no agency given work", () => {
    expect(detect(readFileSync("README.md", "utf8"))).toEqual({ isPlan: false, found: ["parts"], missing: ["header", "title", "agencies"] });
  });

  it("refuses a memo with a header and numbered parts that assigns nothing", () => {
    const memo = [
      "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
      "Số: 12/TB-UBND",
      "THÔNG BÁO",
      "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc",
      "I. TÌNH HÌNH CHUNG",
      "1. Năm 2025 kinh tế tăng trưởng khá.",
      "II. KẾT LUẬN",
      "1. Ghi nhận kết quả đạt được.",
    ].join("\n");
    expect(detect(memo)).toMatchObject({ isPlan: false, missing: ["agencies"] });
  });

  it("takes a plan whose leads the reader missed, from the words that assign the work", () => {
    const text = [
      "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
      "QUYẾT ĐỊNH",
      "I. NHIỆM VỤ",
      "1. Các Bộ, ngành: chủ trì triển khai các nhiệm vụ được giao.",
      "2. Bộ Tài chính chủ trì bố trí kinh phí.",
      "II. TỔ CHỨC THỰC HIỆN",
      "1. Ủy ban nhân dân các tỉnh phối hợp với Bộ Văn hóa, Thể thao và Du lịch thực hiện.",
    ].join("\n");
    expect(detectPlan(text, []).isPlan).toBe(true);
  });
});
