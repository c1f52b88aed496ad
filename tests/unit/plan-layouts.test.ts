/**
 * The layouts of the plans a province receives (DESIGN.md §9), each on a short plan written
 * for the test: field-labelled blocks, agency headings the registry does not know, a plan of
 * another province, document boundaries, body and task table together, a table that reaches
 * the text one cell per paragraph, time fields and several cadences in one sentence.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { planToJson, type PlanJson, type TaskJson } from "../../src/plan/plan-json.js";
import { parseRegistry } from "../../src/plan/registry.js";
import { planTexts } from "../../src/plan/warnings.js";

const matcher = createAgencyMatcher(parseRegistry(readFileSync("seeds/agencies.json", "utf8")));
const parse = (text: string): PlanJson => planToJson(parsePlan(text, matcher, { fallbackCode: "x" }));
const at = (plan: PlanJson, line: number): TaskJson => {
  const task = plan.tasks.find((t) => t.line === line);
  if (!task) throw new Error(`no task on line ${line}: ${plan.tasks.map((t) => t.line).join(", ")}`);
  return task;
};

const header = (province: string) => [`ỦY BAN NHÂN DÂN TỈNH ${province}`, "Số: 12/KH-UBND", "Lai Châu, ngày 19 tháng 11 năm 2025", "KẾ HOẠCH", "Triển khai một luật"];

describe("field-labelled blocks", () => {
  const plan = parse(
    [
      ...header("LAI CHÂU"), // lines 1-5
      "I. MỤC ĐÍCH, YÊU CẦU",
      "1. Nâng cao nhận thức của các sở, ngành.",
      "II. NỘI DUNG KẾ HOẠCH",
      "1. Tuyên truyền, phổ biến nội dung Luật", // 9
      "- Cơ quan thực hiện: Sở Khoa học và Công nghệ; Sở Văn hóa, Thể thao và Du lịch.",
      "- Cơ quan phối hợp: Các sở, ngành; Ủy ban nhân dân các xã, phường.",
      "- Thời gian thực hiện: Năm 2026.",
      "2. Kiểm tra việc thi hành Luật", // 13
      "- Cơ quan chủ trì: Công an tỉnh",
      "- Thời gian hoàn thành: Tháng 11 - 12/2025.",
      "3. Hỗ trợ thi hành Luật", // 16
      "- Các nội dung hỗ trợ bao gồm:",
      "+ Hướng dẫn áp dụng các văn bản;",
      "+ Tiếp nhận và xử lý các kiến nghị;",
      "- Cơ quan thực hiện: Bộ Xây dựng.",
    ].join("\n"),
  );

  it("makes one task of each block, with the bullets it covers as its text", () => {
    expect(plan.tasks.map((t) => t.line)).toEqual([9, 13, 16]);
    expect(at(plan, 16).text).toContain("Tiếp nhận và xử lý các kiến nghị");
  });

  it("reads the lead, coordinators and deadline from the fields, names whole", () => {
    expect(at(plan, 9).lead_text).toEqual(["Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"]);
    expect(at(plan, 9).coordinate_text).toEqual(["Các sở, ngành", "Ủy ban nhân dân các xã, phường"]);
    expect(at(plan, 9).deadline).toMatchObject({ kind: "date", date: "2026-12-31" });
    expect(at(plan, 13).deadline).toMatchObject({ kind: "date", date: "2025-12-31" });
    expect(at(plan, 16).lead_text).toEqual(["Bộ Xây dựng"]);
  });

  it("does not match another province's agencies to the registry's (Thanh Hóa)", () => {
    expect(at(plan, 13).lead_text).toEqual(["Công an tỉnh"]);
    expect(at(plan, 13).lead_codes).toEqual([]);
    expect(plan.warnings.some((w) => w.message.includes('"Công an tỉnh"'))).toBe(true);
  });

  it("matches the same name in a plan of the registry's own province", () => {
    const home = parse([...header("THANH HÓA"), "I. NHIỆM VỤ", "1. Kiểm tra việc thi hành Luật", "- Cơ quan chủ trì: Công an tỉnh", "- Thời gian: Năm 2026."].join("\n"));
    expect(home.tasks[0]!.lead_codes).toEqual(["CAT"]);
    expect(home.tasks[0]!.lead).toEqual(["Công an tỉnh Thanh Hóa"]);
    expect(home.tasks[0]!.lead_text).toEqual(["Công an tỉnh"]);
  });
});

describe("agency headings, thematic lists and the end of the document", () => {
  const plan = parse(
    [
      ...header("NGHỆ AN"), // 1-5
      "I. NỘI DUNG TRỌNG TÂM",
      "1. Thường xuyên rà soát, kịp thời tham mưu sửa đổi các quy định.", // 7: thematic, no agency
      "2. Nâng cao vai trò của người đứng đầu.",
      "II. PHÂN CÔNG NHIỆM VỤ",
      "1. Công an tỉnh", // 10
      "- Tham mưu tổ chức tập huấn về công tác bảo vệ bí mật nhà nước.", // 11
      "- Định kỳ hằng quý, hằng năm báo cáo kết quả thực hiện.", // 12: two cadences
      "2. Bộ Chỉ huy Quân sự tỉnh", // 13
      "Tăng cường công tác quản lý nhà nước về bảo vệ bí mật nhà nước.", // 14: the heading's paragraph
      "3. Các sở, ban, ngành, đoàn thể cấp tỉnh và UBND các xã, phường", // 15
      "- Phổ biến, quán triệt các quy định của pháp luật.", // 16
      "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan báo cáo UBND tỉnh.",
      "Nơi nhận:",
      "- Bộ Công an;",
      "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A",
      "PHỤ LỤC",
      "CHỈ TIÊU",
      "TT",
      "Chỉ tiêu",
      "Đơn vị",
      "1",
      "Tỷ lệ cơ quan được kiểm tra",
      "%",
    ].join("\n"),
  );

  it("lets an unknown agency heading lead the items under it", () => {
    expect(at(plan, 11).lead_text).toEqual(["Công an tỉnh"]);
    expect(at(plan, 14).lead_text).toEqual(["Bộ Chỉ huy Quân sự tỉnh"]);
    expect(at(plan, 16).lead_text).toEqual(["Các sở, ban, ngành, đoàn thể cấp tỉnh", "UBND các xã, phường"]);
  });

  it("keeps an agency-less thematic list out when the plan assigns work per agency", () => {
    expect(plan.tasks.some((t) => t.line === 7 || t.line === 8)).toBe(false);
  });

  it("makes one task per cadence of one sentence", () => {
    expect(plan.tasks.filter((t) => t.line === 12).map((t) => t.deadline.kind)).toEqual(["quarterly", "annual"]);
    expect(new Set(plan.tasks.map((t) => t.ref)).size).toBe(plan.tasks.length);
  });

  it("stops at the distribution list and the signature, and reads no indicator appendix", () => {
    expect(plan.tasks.map((t) => t.line)).toEqual([11, 12, 12, 14, 16]);
    expect(plan.tasks.every((t) => !t.text.includes("khó khăn"))).toBe(true);
  });
});

describe("time fields after each bullet", () => {
  const plan = parse(
    [
      ...header("QUẢNG NGÃI"),
      "I. NHIỆM VỤ CỤ THỂ",
      "1. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo", // 7
      "- Tuyên truyền, phổ biến các quy định về quản lý tài sản công.", // 8
      "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.",
      "- Thực hiện kiểm kê tài sản thuộc phạm vi quản lý.", // 10
      "Thời hạn hoàn thành: Từ ngày 01/01/2026 đến ngày 31/3/2026.",
    ].join("\n"),
  );

  it("reads the deadline of each bullet from its time field, the end of a span, none for a start alone", () => {
    expect(at(plan, 8).lead_text).toEqual(["Sở Tài chính"]);
    expect(at(plan, 8).deadline.kind).toBe("none");
    expect(plan.warnings).toContainEqual({ line: 8, message: planTexts.startOnlyDeadline("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê") });
    expect(at(plan, 10).deadline).toMatchObject({ kind: "date", date: "2026-03-31" });
    expect(at(plan, 10).text).not.toContain("Thời hạn");
  });
});

describe("a body that assigns work and a task table", () => {
  const cells = ["TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"];
  const plan = parse(
    [
      "THỦ TƯỚNG CHÍNH PHỦ", // 1
      "Số: 99/QĐ-TTg",
      "Hà Nội, ngày 01 tháng 12 năm 2025",
      "QUYẾT ĐỊNH",
      "Điều 1. Phê duyệt Chương trình với những nội dung sau:",
      "I. TỔ CHỨC THỰC HIỆN",
      "1. Bộ Khoa học và Công nghệ", // 7
      "- Làm đầu mối tổng hợp tình hình thực hiện Chương trình.", // 8
      "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
      "Nơi nhận:",
      "- Các bộ, cơ quan ngang bộ;",
      "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Văn B",
      "PHỤ LỤC DANH MỤC NHIỆM VỤ", // 13
      ...cells, // 14-18: one cell per paragraph
      "I", // 19
      "Hoàn thiện thể chế",
      "1", // 21
      "Xây dựng Luật Chuyển đổi số.",
      "Bộ Xây dựng",
      "Bộ Công an, Bộ Tài chính",
      "Tháng 12/2025",
      "2", // 26
      "Xây dựng Luật An ninh dữ liệu.",
      "Bộ Công an",
      "Các bộ, ngành, địa phương",
      "Năm 2025-2030",
    ].join("\n"),
  );

  it("reads both and tags where each task came from", () => {
    expect(plan.tasks.map((t) => [t.line, t.source])).toEqual([
      [8, "body"],
      [21, "table"],
      [26, "table"],
    ]);
  });

  it("puts the table's cells back into rows", () => {
    expect(at(plan, 21)).toMatchObject({ lead_text: ["Bộ Xây dựng"], coordinate_text: ["Bộ Công an", "Bộ Tài chính"], deadline: { kind: "date", date: "2025-12-31" } });
    expect(at(plan, 26)).toMatchObject({ lead_text: ["Bộ Công an"], deadline: { kind: "horizon", date: "2030-12-31" } });
    expect(at(plan, 8).lead_text).toEqual(["Bộ Khoa học và Công nghệ"]);
    expect(at(plan, 8).lead_codes).toEqual([]);
  });
});

describe("characters a PDF reader could not map (U+FFFD)", () => {
  const lines = [
    ...header("LAI CHÂU"), // lines 1-5
    "II. NỘI DUNG KẾ HOẠCH",
    "1. Tuyên truyền \ufffd phổ biến nội dung Luật", // 7
    "- Cơ quan chủ trì: Sở Tư pháp",
    "- Thời gian hoàn thành: Năm 2026.",
    "2. Kiểm tra việc thi hành Luật", // 10
    "- Cơ quan chủ trì: Công an tỉnh",
  ];

  it("reads the plan when a few appear, and names each line that has one", () => {
    const plan = parse(lines.join("\n"));
    expect(plan.tasks.map((t) => t.line)).toEqual([7, 10]);
    expect(at(plan, 7).text).toContain("Tuyên truyền \ufffd phổ biến");
    expect(plan.warnings.filter((w) => w.message === planTexts.unreadableCharacters())).toEqual([{ line: 7, message: planTexts.unreadableCharacters() }]);
  });

  it("refuses a text made of them, as a file that is not text", () => {
    const garbled = lines.map((line) => line.replace(/[aeiouàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữ]/g, "\ufffd")).join("\n");
    expect(() => parse(garbled)).toThrow(planTexts.notText());
  });
});
