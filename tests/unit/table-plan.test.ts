/**
 * The appendix-table shape of a plan (DESIGN.md §2): `tests/fixtures/table-plan.md` is a
 * Word→Markdown export of an invented Thanh Hóa plan, checked row by row the way a coordinator
 * would check an import: who leads, who coordinates, by when, and which line it came from.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan, PlanDocumentError } from "../../src/plan/parse-plan.js";
import { planToJson, type PlanJson, type TaskJson } from "../../src/plan/plan-json.js";
import { parseRegistry } from "../../src/plan/registry.js";
import type { Deadline } from "../../src/domain/deadline.js";
import { planTexts } from "../../src/plan/warnings.js";

const registry = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
const matcher = createAgencyMatcher(registry);
const fixture = readFileSync("tests/fixtures/table-plan.md", "utf8");
const fixtureLines = fixture.split("\n");

const parse = (text: string): PlanJson => planToJson(parsePlan(text, matcher, { fallbackCode: "x" }));

/** Members of a collective, read from the registry rather than copied here. */
function members(code: string): string[] {
  const collective = registry.collectives.find((c) => c.code === code);
  if (!collective) throw new Error(`no collective ${code}`);
  return collective.members;
}
const districts = members("CAP-HUYEN");
const provincial = members("CAP-TINH");

/** The 1-based line of the first fixture row that contains "| " + `start`. */
function lineOf(start: string): number {
  const index = fixtureLines.findIndex((l) => l.includes(`| ${start}`));
  if (index < 0) throw new Error(`no row starting "${start}"`);
  return index + 1;
}

const S1 = "Hoàn thiện thể chế, chính sách";
const S2 = "Phát triển hạ tầng số và dữ liệu số";
const S3 = "Phát triển kinh tế số, xã hội số và tổ chức thực hiện";

const date = (d: string, phrase: string): Deadline => ({ kind: "date", date: d, phrase });

/** What a coordinator checks on one task; `coordinate` undefined = checked elsewhere (a known bug). */
interface Expected {
  ref: string;
  line: number;
  section: string;
  text: string;
  lead: string[];
  lead_codes: string[];
  group: boolean;
  coordinate?: string[];
  coordinate_codes?: string[];
  deadline: Deadline;
}

const expected: Expected[] = [
  {
    ref: "I.1",
    line: 25,
    section: S1,
    text: "Xây dựng Quy chế quản lý, vận hành Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Thanh Hóa\nSản phẩm: Quyết định của UBND tỉnh",
    lead: ["Sở Thông tin và Truyền thông"],
    lead_codes: ["STTTT"],
    group: false,
    coordinate: ["Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa", "Sở Tư pháp"],
    coordinate_codes: ["VPUBND", "STP"],
    deadline: date("2025-12-31", "Quý IV/2025"),
  },
  {
    // text, and the coordinator cell ("… Văn phòng" / "UBND tỉnh, …"), continue on line 27
    ref: "I.2",
    line: 26,
    section: S1,
    text:
      "Rà soát, đề xuất cắt giảm, đơn giản hóa thủ tục hành chính trong lĩnh vực đầu tư, " +
      "kinh doanh, xây dựng và đất đai thuộc thẩm quyền giải quyết của tỉnh\nSản phẩm: Báo cáo rà soát",
    lead: ["Sở Kế hoạch và Đầu tư"],
    lead_codes: ["SKHDT"],
    group: false,
    coordinate: ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa", "Sở Xây dựng", "Sở Tài nguyên và Môi trường"],
    coordinate_codes: ["STP", "VPUBND", "SXD", "STNMT"],
    deadline: date("2025-06-30", "Tháng 6/2025"),
  },
  {
    // several leads in one cell; "chi thường xuyên" in the text is not a schedule
    ref: "I.3",
    line: 28,
    section: S1,
    text: "Tham mưu ban hành quy định mức chi hỗ trợ hoạt động chuyển đổi số từ nguồn chi thường xuyên của ngân sách tỉnh" + "\nSản phẩm: Nghị quyết của HĐND tỉnh",
    lead: ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
    lead_codes: ["STC", "SKHDT"],
    group: false,
    coordinate: ["Sở Thông tin và Truyền thông"],
    coordinate_codes: ["STTTT"],
    deadline: date("2025-09-30", "Trước 30/9/2025"),
  },
  {
    // "Các sở, ngành liên quan": whoever is relevant, shown but assigned to nobody
    ref: "I.4",
    line: 29,
    section: S1,
    text: "Xây dựng bộ chỉ số đánh giá mức độ chuyển đổi số của cơ quan nhà nước cấp tỉnh, cấp huyện\nSản phẩm: Bộ chỉ số được phê duyệt",
    lead: ["Sở Nội vụ"],
    lead_codes: ["SNV"],
    group: false,
    coordinate: ["Các sở, ngành liên quan"],
    coordinate_codes: [],
    deadline: date("2026-12-31", "Năm 2026"),
  },
  {
    // "Các sở, ban, ngành" is the provincial collective, not a generic phrase
    ref: "I.5",
    line: 30,
    section: S1,
    text: "Công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công và Hệ thống thông tin giải quyết thủ tục hành chính tỉnh" + "\nSản phẩm: Thủ tục được công khai",
    lead: ["Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa"],
    lead_codes: ["VPUBND"],
    group: false,
    coordinate: ["Các sở, ban, ngành, đơn vị cấp tỉnh"],
    coordinate_codes: provincial.filter((code) => code !== "VPUBND"),
    deadline: date("2025-03-31", "Quý I/2025"),
  },
  {
    ref: "II.1",
    line: 32,
    section: S2,
    text: "Số hóa, cập nhật cơ sở dữ liệu đất đai của các huyện, thị xã, thành phố vào Hệ thống thông tin đất đai của tỉnh" + "\nSản phẩm: Cơ sở dữ liệu đất đai",
    lead: ["Sở Tài nguyên và Môi trường"],
    lead_codes: ["STNMT"],
    group: false,
    coordinate: ["UBND các huyện, thị xã, thành phố"],
    coordinate_codes: districts,
    deadline: { kind: "horizon", date: "2026-12-31", phrase: "2025 - 2026" },
  },
  {
    // lead and coordinator cells merged with the row above: both are shared
    ref: "II.2",
    line: 33,
    section: S2,
    text: "Vận hành, khai thác cơ sở dữ liệu đất đai phục vụ giải quyết thủ tục hành chính",
    lead: ["Sở Tài nguyên và Môi trường"],
    lead_codes: ["STNMT"],
    group: false,
    coordinate: ["UBND các huyện, thị xã, thành phố"],
    coordinate_codes: districts,
    deadline: { kind: "none", phrase: "Thường xuyên" },
  },
  {
    // a collective leads: every district is assigned
    ref: "II.3",
    line: 34,
    section: S2,
    text: "Phát triển hạ tầng mạng di động 4G, 5G đến các thôn, bản vùng sâu, vùng xa chưa có sóng\nSản phẩm: Thôn, bản được phủ sóng",
    lead: ["UBND các huyện, thị xã, thành phố"],
    lead_codes: districts,
    group: true,
    coordinate: ["Sở Thông tin và Truyền thông"],
    coordinate_codes: ["STTTT"],
    deadline: date("2026-06-30", "Quý II/2026"),
  },
  {
    // another province's tax department is not ours: kept as written, assigned to nobody
    ref: "II.4",
    line: 35,
    section: S2,
    text: "Kết nối, chia sẻ dữ liệu hóa đơn điện tử của doanh nghiệp hoạt động trên địa bàn hai tỉnh\nSản phẩm: Quy chế phối hợp",
    lead: ["Cục Thuế tỉnh Thanh Hóa"],
    lead_codes: ["CTHUE"],
    group: false,
    coordinate: ["Cục Thuế tỉnh Nghệ An"],
    coordinate_codes: [],
    deadline: { kind: "conditional", phrase: "Sau khi có hướng dẫn của Bộ" },
  },
  {
    // "Bộ Tài chính" is not in the registry: kept as written, assigned to nobody
    ref: "II.5",
    line: 36,
    section: S2,
    text: "Kết nối hệ thống quản lý ngân sách của tỉnh với hệ thống thông tin quản lý ngân sách và kho bạc\nSản phẩm: Hệ thống được kết nối",
    lead: ["Sở Tài chính"],
    lead_codes: ["STC"],
    group: false,
    coordinate: ["Bộ Tài chính", "Kho bạc Nhà nước Thanh Hóa"],
    coordinate_codes: ["KBNN"],
    deadline: date("2025-12-31", "Tháng 12/2025"),
  },
  {
    ref: "II.6",
    line: 37,
    section: S2,
    text: "Ứng dụng bản đồ số trong quản lý quy hoạch xây dựng đô thị\nSản phẩm: Bản đồ số quy hoạch",
    lead: ["Sở Xây dựng"],
    lead_codes: ["SXD"],
    group: false,
    coordinate: ["Sở Tài nguyên và Môi trường", "Ủy ban nhân dân thành phố Thanh Hóa"],
    coordinate_codes: ["STNMT", "UB-TPTHANHHOA"],
    deadline: date("2026-06-30", "Trước 30/6/2026"),
  },
  {
    // a name with commas inside ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh")
    ref: "III.1",
    line: 39,
    section: S3,
    text: "Hỗ trợ doanh nghiệp nhỏ và vừa, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử\nSản phẩm: Sản phẩm lên sàn",
    lead: ["Sở Công Thương"],
    lead_codes: ["SCT"],
    group: false,
    coordinate: ["Liên minh Hợp tác xã tỉnh Thanh Hóa", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch Thanh Hóa"],
    coordinate_codes: ["LMHTX", "TTXT"],
    deadline: { kind: "annual", phrase: "Hằng năm" },
  },
  {
    ref: "III.2",
    line: 40,
    section: S3,
    text: "Mở rộng thanh toán không dùng tiền mặt tại bệnh viện, trường học\nSản phẩm: Báo cáo kết quả",
    lead: ["Ngân hàng Nhà nước chi nhánh Thanh Hóa"],
    lead_codes: ["NHNN"],
    group: false,
    coordinate: ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Bảo hiểm xã hội tỉnh Thanh Hóa"],
    coordinate_codes: ["SYT", "SGDDT", "BHXH"],
    deadline: date("2025-09-30", "Quý III/2025"),
  },
  {
    // month 13 does not exist: no deadline, and a warning (checked below)
    ref: "III.3",
    line: 41,
    section: S3,
    text: "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã\nSản phẩm: Lớp bồi dưỡng",
    lead: ["Sở Nội vụ"],
    lead_codes: ["SNV"],
    group: false,
    coordinate: ["Sở Thông tin và Truyền thông", "UBND các huyện, thị xã, thành phố"],
    coordinate_codes: ["STTTT", ...districts],
    deadline: { kind: "none", phrase: null },
  },
  {
    // empty deadline and empty product cells
    ref: "III.4",
    line: 42,
    section: S3,
    text: "Tuyên truyền về chuyển đổi số trên các phương tiện thông tin đại chúng",
    lead: ["Sở Thông tin và Truyền thông"],
    lead_codes: ["STTTT"],
    group: false,
    coordinate: ["Báo Thanh Hóa", "Đài Phát thanh và Truyền hình tỉnh"],
    coordinate_codes: [],
    deadline: { kind: "none", phrase: null },
  },
  {
    ref: "III.5",
    line: 43,
    section: S3,
    text: "Theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch, báo cáo UBND tỉnh\nSản phẩm: Báo cáo quý",
    lead: ["Sở Thông tin và Truyền thông"],
    lead_codes: ["STTTT"],
    group: false,
    coordinate: ["Các sở, ngành liên quan"],
    coordinate_codes: [],
    deadline: { kind: "quarterly", phrase: "Định kỳ hằng quý" },
  },
  {
    // lead cell merged with III.5, but its own coordinator cell is filled: that one counts
    ref: "III.6",
    line: 44,
    section: S3,
    text: "Sơ kết việc thực hiện Kế hoạch, đề xuất nhiệm vụ giai đoạn tiếp theo\nSản phẩm: Báo cáo sơ kết",
    lead: ["Sở Thông tin và Truyền thông"],
    lead_codes: ["STTTT"],
    group: false,
    coordinate: ["Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa"],
    coordinate_codes: ["VPUBND"],
    deadline: date("2026-12-31", "Quý IV/2026"),
  },
];

function project(task: TaskJson, withCoordinates: boolean): Expected {
  const base: Expected = {
    ref: task.ref,
    line: task.line,
    section: task.section,
    text: task.text,
    lead: task.lead,
    lead_codes: task.lead_codes,
    group: task.group,
    deadline: task.deadline,
  };
  return withCoordinates ? { ...base, coordinate: task.coordinate, coordinate_codes: task.coordinate_codes } : base;
}

describe("table plan fixture (tests/fixtures/table-plan.md)", () => {
  const parsed = parse(fixture);

  it("reads the plan's number, issue date and title from the preamble", () => {
    expect(parsed.plan).toEqual({
      code: "245/KH-UBND",
      issued_on: "2024-10-14",
      issuer: "UBND tỉnh Thanh Hóa",
      title: "Kế hoạch triển khai Chương trình chuyển đổi số tỉnh Thanh Hóa năm 2025 và định hướng đến năm 2026",
    });
    expect(parsed.shape).toBe("table");
    expect(parsed.targets).toEqual([]);
  });

  it("finds exactly the 17 task rows, in order; section rows and the continuation row are not tasks", () => {
    expect(parsed.tasks.map((t) => t.ref)).toEqual(expected.map((e) => e.ref));
  });

  it("the fixture lines named here are the rows they claim to be", () => {
    expect(lineOf("2 | Rà soát")).toBe(26);
    expect(lineOf("| kinh doanh")).toBe(27);
    expect(lineOf("2 | Vận hành")).toBe(33);
    expect(lineOf("4 | Kết nối, chia sẻ")).toBe(35);
    expect(lineOf("5 | Kết nối hệ thống")).toBe(36);
    expect(lineOf("3 | Đào tạo")).toBe(41);
    expect(lineOf("6 | Sơ kết")).toBe(44);
  });

  it.each(expected.map((e) => [e.ref, e] as const))("task %s", (ref, want) => {
    const task = parsed.tasks.find((t) => t.ref === ref);
    expect(task).toBeDefined();
    expect(project(task!, want.coordinate !== undefined)).toEqual(want);
  });

  it("joins the continuation row (line 27) into the task above, cell by cell", () => {
    const task = parsed.tasks.find((t) => t.ref === "I.2")!;
    expect(task.line).toBe(26);
    expect(task.text).toContain("trong lĩnh vực đầu tư, kinh doanh, xây dựng và đất đai");
    expect(parsed.tasks.some((t) => t.line === 27)).toBe(false);
    // "Văn phòng" + "UBND tỉnh" across the two rows is one agency, not two unknown names
    expect(parsed.warnings.filter((w) => w.line === 26 || w.line === 27)).toEqual([]);
  });

  it("a merged lead cell shares the lead of the row above without making a new assignment", () => {
    const above = parsed.tasks.find((t) => t.ref === "II.1")!;
    const merged = parsed.tasks.find((t) => t.ref === "II.2")!;
    expect(merged.lead_codes).toEqual(above.lead_codes);
    expect(parsed.warnings.filter((w) => w.line === 33)).toEqual([]);
  });

  it("warns, each on its row's line, about the unknown agencies and the unreadable deadline", () => {
    expect(parsed.warnings).toEqual([
      { line: 35, message: planTexts.unknownAgency("Cục Thuế tỉnh Nghệ An") },
      { line: 36, message: planTexts.unknownAgency("Bộ Tài chính") },
      { line: 41, message: planTexts.unreadDeadline("Trong tháng 13/2025") },
      { line: 42, message: planTexts.unknownAgency("Báo Thanh Hóa") },
      { line: 42, message: planTexts.unknownAgency("Đài Phát thanh và Truyền hình tỉnh") },
    ]);
  });

  it("every task has a lead (no row lost its agency)", () => {
    expect(parsed.tasks.filter((t) => t.lead.length === 0)).toEqual([]);
    expect(parsed.warnings.some((w) => w.message.includes("cơ quan chủ trì"))).toBe(false);
  });

  it("reads the same plan from decomposed letters, CRLF line ends and doubled or non-breaking spaces", () => {
    const messy = fixture.normalize("NFD").replace(/ \| /g, " |  ").replace(/Sở /g, "Sở\u00a0").replace(/\n/g, "\r\n");
    expect(messy).not.toBe(fixture);
    expect(parse(messy)).toEqual(parsed);
  });

  it('coordinator cell "Cục Thuế tỉnh Nghệ An" (line 35) is kept whole, not cut to the alias "Cục Thuế tỉnh" + an unknown "Nghệ An"', () => {
    const task = parsed.tasks.find((t) => t.ref === "II.4")!;
    expect(task.coordinate).toEqual(["Cục Thuế tỉnh Nghệ An"]);
    expect(task.coordinate_codes).toEqual([]);
    expect(parsed.warnings.filter((w) => w.line === 35)).toEqual([{ line: 35, message: planTexts.unknownAgency("Cục Thuế tỉnh Nghệ An") }]);
  });
});

/** A plan around one table; `rows` are the lines from the header on. */
function doc(rows: string[], preamble = ["Số: 7/KH-UBND", "Thanh Hóa, ngày 02 tháng 01 năm 2025", "KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2025"]) {
  return { text: [...preamble, ...rows].join("\n"), first: preamble.length + 1 };
}

describe("other table documents", () => {
  it("reads a tab-separated table (Word copied as text) like a pipe table", () => {
    const { text, first } = doc([
      "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",
      "I\tCải cách hành chính\t\t\t",
      "1\tRà soát quy trình nội bộ\tSở Nội vụ\tSở Tư pháp\tQuý II/2025",
      "2\tSố hóa hồ sơ\tSở TT&TT\tCác sở, ngành liên quan\tTháng 9/2025",
    ]);
    const parsed = parse(text);
    expect(parsed.shape).toBe("table");
    expect(parsed.tasks.map((t) => project(t, true))).toEqual([
      {
        ref: "I.1",
        line: first + 2,
        section: "Cải cách hành chính",
        text: "Rà soát quy trình nội bộ",
        lead: ["Sở Nội vụ"],
        lead_codes: ["SNV"],
        group: false,
        coordinate: ["Sở Tư pháp"],
        coordinate_codes: ["STP"],
        deadline: date("2025-06-30", "Quý II/2025"),
      },
      {
        ref: "I.2",
        line: first + 3,
        section: "Cải cách hành chính",
        text: "Số hóa hồ sơ",
        lead: ["Sở Thông tin và Truyền thông"],
        lead_codes: ["STTTT"],
        group: false,
        coordinate: ["Các sở, ngành liên quan"],
        coordinate_codes: [],
        deadline: date("2025-09-30", "Tháng 9/2025"),
      },
    ]);
    // the section row's trailing empty cells count: no "Dòng bảng có 2 ô, tiêu đề có 5 ô"
    expect(parsed.warnings).toEqual([]);
  });

  it('tab-separated: a continuation row with an empty first cell ("\\tcòn tiếp\\t\\t\\t") is joined to the row above', () => {
    const { text, first } = doc([
      "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành",
      "1\tRà soát quy trình\tSở Nội vụ\tSở Tư pháp,\tQuý II/2025",
      "\tnội bộ\t\tSở Tài chính\t",
      "2\tSố hóa hồ sơ\tSở TT&TT\t\tTháng 9/2025",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.ref, t.line, t.text, t.lead_codes, t.coordinate_codes])).toEqual([
      ["1", first + 1, "Rà soát quy trình nội bộ", ["SNV"], ["STP", "STC"]],
      ["2", first + 3, "Số hóa hồ sơ", ["STTTT"], []],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('tab-separated: a row whose last cells are empty ("I\\tCải cách hành chính\\t\\t\\t") is a section row with no cell-count warning', () => {
    const { text, first } = doc(["TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành", "I\tCải cách hành chính\t\t\t", "1\tRà soát quy trình nội bộ\tSở Nội vụ\t\t"]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.ref, t.line, t.section, t.deadline])).toEqual([["I.1", first + 2, "Cải cách hành chính", { kind: "none", phrase: null }]]);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads a header written "STT | Nội dung nhiệm vụ | Thời hạn | Đơn vị chủ trì | Đơn vị phối hợp", columns in another order', () => {
    const { text, first } = doc([
      "| STT | Nội dung nhiệm vụ | Thời hạn | Đơn vị chủ trì | Đơn vị phối hợp |",
      "|---|---|---|---|---|",
      "| 1 | Kiểm tra công tác quản lý đất đai | Trước 15/11/2025 | Sở TN&MT | Thanh tra tỉnh |",
      "| 2 | Báo cáo tình hình giải ngân vốn đầu tư công | Hằng tháng | Sở KH&ĐT | Kho bạc Nhà nước tỉnh |",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => project(t, true))).toEqual([
      {
        ref: "1",
        line: first + 2,
        section: "",
        text: "Kiểm tra công tác quản lý đất đai",
        lead: ["Sở Tài nguyên và Môi trường"],
        lead_codes: ["STNMT"],
        group: false,
        coordinate: ["Thanh tra tỉnh Thanh Hóa"],
        coordinate_codes: ["TTRA"],
        deadline: date("2025-11-15", "Trước 15/11/2025"),
      },
      {
        ref: "2",
        line: first + 3,
        section: "",
        text: "Báo cáo tình hình giải ngân vốn đầu tư công",
        lead: ["Sở Kế hoạch và Đầu tư"],
        lead_codes: ["SKHDT"],
        group: false,
        coordinate: ["Kho bạc Nhà nước Thanh Hóa"],
        coordinate_codes: ["KBNN"],
        deadline: { kind: "monthly", phrase: "Hằng tháng" },
      },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it("warns about a continuation row that comes before any task row, and goes on", () => {
    const { text, first } = doc([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
      "|---|---|---|---|---|",
      "| | phần chữ bị tách từ trang trước | | Sở Y tế | |",
      "| 1 | Kiểm tra an toàn thực phẩm | Sở Y tế | Sở Công Thương | Quý III/2025 |",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.ref, t.line, t.text, t.lead_codes, t.coordinate])).toEqual([["1", first + 3, "Kiểm tra an toàn thực phẩm", ["SYT"], ["Sở Công Thương"]]]);
    expect(parsed.warnings).toEqual([{ line: first + 2, message: planTexts.tableContinuationWithoutRow() }]);
  });

  it("rejects a table with a header and no rows (PlanDocumentError naming the header line)", () => {
    const { text, first } = doc(["| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |", "|---|---|---|---|---|"]);
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanDocumentError);
    expect((error as PlanDocumentError).line).toBe(first);
  });

  it("rejects a table whose rows are all section headings", () => {
    const { text } = doc([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
      "|---|---|---|---|---|",
      "| I | Nhiệm vụ chung | | | |",
      "| II | Nhiệm vụ cụ thể | | | |",
    ]);
    expect(() => parse(text)).toThrow(PlanDocumentError);
  });
});

describe("table-plan fixes (each failed before the fix in src/plan/table-plan.ts)", () => {
  it('reads bold cells of a Word export: "**TT**" header, "**I**" section rows', () => {
    const { text, first } = doc([
      "| **TT** | **Nhiệm vụ** | **Cơ quan chủ trì** | **Cơ quan phối hợp** | **Thời gian hoàn thành** |",
      "|:---:|---|---|---|:---:|",
      "| **I** | **Nhiệm vụ chung** | | | |",
      "| 1 | Rà soát văn bản | Sở Tư pháp | | *Quý I/2026* |",
      "| | quy phạm pháp luật | | | |",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.ref, t.section, t.text, t.line, t.lead_codes, t.deadline])).toEqual([
      ["I.1", "Nhiệm vụ chung", "Rà soát văn bản quy phạm pháp luật", first + 3, ["STP"], date("2026-03-31", "Quý I/2026")],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it("an empty lead cell under a new section row is not merged with the last row of the previous section", () => {
    const { text, first } = doc([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
      "|---|---|---|---|---|",
      "| I | Nhiệm vụ chung | | | |",
      "| 1 | Việc thứ nhất | Sở Y tế | Sở Tài chính | 2025 |",
      "| II | Nhiệm vụ cụ thể | | | |",
      "| 1 | Việc thứ hai | | | 2026 |",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.ref, t.lead_codes, t.coordinate])).toEqual([
      ["I.1", ["SYT"], ["Sở Tài chính"]],
      ["II.1", [], []],
    ]);
    expect(parsed.warnings).toEqual([{ line: first + 5, message: planTexts.noLead("II.1") }]);
  });

  it("a continuation row right under a section row continues the section title, not the previous section's last task", () => {
    const { text, first } = doc([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
      "|---|---|---|---|---|",
      "| I | Nhiệm vụ chung | | | |",
      "| 1 | Việc thứ nhất | Sở Y tế | | 2025 |",
      "| II | Phát triển hạ tầng giao thông | | | |",
      "| | và logistics | | | |",
      "| 1 | Việc thứ hai | Sở Giao thông vận tải | | 2026 |",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.ref, t.section, t.text, t.line])).toEqual([
      ["I.1", "Nhiệm vụ chung", "Việc thứ nhất", first + 3],
      ["II.1", "Phát triển hạ tầng giao thông và logistics", "Việc thứ hai", first + 6],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('a "Sản phẩm hoàn thành" column is the product, not the deadline', () => {
    const { text } = doc([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm hoàn thành | Thời gian thực hiện |",
      "|---|---|---|---|---|---|",
      "| 1 | Xây dựng đề án | Sở Xây dựng | | Đề án | Quý IV/2025 |",
    ]);
    const parsed = parse(text);
    expect(parsed.tasks.map((t) => [t.text, t.deadline])).toEqual([["Xây dựng đề án\nSản phẩm: Đề án", date("2025-12-31", "Quý IV/2025")]]);
    expect(parsed.warnings).toEqual([]);
  });
});

describe("Word export preambles (plan-metadata.ts, not table-plan.ts)", () => {
  const rows = ["| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |", "|---|---|---|---|---|", "| 1 | Rà soát văn bản | Sở Tư pháp | | Quý I/2025 |"];

  it('an italic date line "*Thanh Hóa, ngày 14 tháng 10 năm 2024*" gives issued_on 2024-10-14', () => {
    const { text } = doc(rows, ["Số: 245/KH-UBND", "*Thanh Hóa, ngày 14 tháng 10 năm 2024*", "**KẾ HOẠCH**", "**Chuyển đổi số năm 2025**"]);
    const parsed = parse(text);
    expect(parsed.plan).toEqual({ code: "245/KH-UBND", issued_on: "2024-10-14", title: "Kế hoạch chuyển đổi số năm 2025" });
    expect(parsed.warnings).toEqual([]);
  });

  it('a two-column header table "| Số: 12/KH-UBND | Thanh Hóa, ngày 5 tháng 3 năm 2024 |" gives code 12/KH-UBND and issued_on 2024-03-05', () => {
    const { text } = doc(rows, [
      "| **ỦY BAN NHÂN DÂN TỈNH THANH HÓA** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |",
      "|---|---|",
      "| Số: 12/KH-UBND | *Thanh Hóa, ngày 5 tháng 3 năm 2024* |",
      "KẾ HOẠCH",
      "Thực hiện nhiệm vụ năm 2024",
    ]);
    const parsed = parse(text);
    expect(parsed.plan).toEqual({ code: "12/KH-UBND", issued_on: "2024-03-05", issuer: "UBND tỉnh Thanh Hóa", title: "Kế hoạch thực hiện nhiệm vụ năm 2024" });
    expect(parsed.warnings).toEqual([]);
  });
});

describe("tables as other provinces write them", () => {
  const head = ["ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Số: 7/KH-UBND", "Đồng Tháp, ngày 19 tháng 11 năm 2025", "KẾ HOẠCH", "Một kế hoạch", "PHỤ LỤC"];
  const plan = parse(
    [
      ...head, // 1-6
      "| STT | CƠ QUAN CHỦ TRÌ | NHIỆM VỤ | PHỐI HỢP | THỜI GIAN |", // 7: the lead column before the task column
      "| I | NHÓM GIẢI PHÁP VỀ CƠ CHẾ |",
      "| 1 | Sở Tài chính | Rà soát các cơ chế khuyến khích xã hội hóa. | Sở Công Thương | 2026 |", // 9
      "| Sở Nội vụ; Sở Tư pháp | Năm 2027 |", // 10: a row of a merged task cell, fewer cells
      "| II | PHÂN CÔNG THEO CƠ QUAN |",
      "| | Sở Khoa học và Công nghệ | | | |", // 12: an agency group row
      "| 1 | | Xây dựng chương trình hỗ trợ đổi mới công nghệ. | Các sở, ngành | Tháng 11 - 12/2025 |", // 13
      "| 2 | | Phát triển hệ sinh thái đổi mới sáng tạo. | | 2025 - 2035 |", // 14
    ].join("\n"),
  );
  const row = (line: number) => plan.tasks.find((t) => t.line === line)!;

  it("reads the columns by their names, whatever their order", () => {
    expect(row(9)).toMatchObject({ text: "Rà soát các cơ chế khuyến khích xã hội hóa.", lead_text: ["Sở Tài chính"], source: "table" });
  });

  it("joins a row of fewer cells (a merged cell above) to the row above, in its last columns", () => {
    expect(plan.tasks.map((t) => t.line)).toEqual([9, 13, 14]);
    expect(row(9).coordinate_text).toEqual(["Sở Công Thương", "Sở Nội vụ", "Sở Tư pháp"]);
  });

  it("lets an agency group row lead the rows under it that name no lead", () => {
    expect(row(13).lead_text).toEqual(["Sở Khoa học và Công nghệ"]);
    expect(row(14).lead_text).toEqual(["Sở Khoa học và Công nghệ"]);
    expect(row(13).deadline).toMatchObject({ kind: "date", date: "2025-12-31" });
    expect(row(14).deadline).toMatchObject({ kind: "horizon", date: "2035-12-31" });
  });
});

describe("refs shared by the body and the task table", () => {
  const plan = (bodyItem: string, rows: string[]) =>
    [
      "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
      "Số: 5/KH-UBND",
      "KẾ HOẠCH",
      "Thử nghiệm",
      "I. MỤC ĐÍCH",
      "1. Nâng cao chất lượng phục vụ.",
      "II. TỔ CHỨC THỰC HIỆN",
      bodyItem,
      "Phụ lục: DANH MỤC NHIỆM VỤ",
      "",
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |",
      "| --- | --- | --- | --- |",
      ...rows,
      "",
    ].join("\n");

  it("gives the table's II.1 its own ref when a body item is II.1 too, warned, whatever the line", () => {
    const rows = ["| II | Hiện đại hóa | | |", "| 1 | Số hóa hồ sơ thủ tục hành chính | Văn phòng UBND tỉnh | Tháng 6/2026 |", "| 1 | Số hóa hồ sơ đất đai | Sở Tư pháp | Tháng 7/2026 |"];
    const first = parse(plan("1. Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.", rows));
    expect(first.tasks.map((t) => [t.ref, t.source])).toEqual([
      ["II.1", "body"],
      ["II.1-2", "table"],
      ["II.1-3", "table"],
    ]);
    expect(first.warnings.map((w) => w.message)).toContain(planTexts.duplicateRef("II.1", "II.1-2"));
    // The appendix's title is not part of the body item above it.
    expect(first.tasks[0]!.text).toBe("Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.");
    // The same plan with its table a few lines lower (another format's line breaks): the same refs.
    const lower = parse(plan("1. Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch,\nbáo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n\n", rows));
    expect(lower.tasks.map((t) => t.ref)).toEqual(first.tasks.map((t) => t.ref));
  });
});
