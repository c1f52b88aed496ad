/**
 * Agency names as plan documents write them (DESIGN.md §2–3): the registry's names, codes and
 * abbreviations, in any Unicode form, case, spacing or tone placement, with or without
 * diacritics, behind a person's title; and who leads and who coordinates in an assignment clause.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { readAssignmentClause, type Party } from "../../src/plan/assignment-clause.js";
import { parseRegistry } from "../../src/plan/registry.js";

const registry = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
const matcher = createAgencyMatcher(registry);
const code = (name: string): string | null => matcher.find(name)?.code ?? null;

type Row = [input: string, code: string | null];

describe("find: every name, alias and code in the registry resolves to its own entry", () => {
  const rows: Row[] = [...registry.agencies, ...registry.collectives].flatMap((entry) =>
    [entry.name, ...entry.aliases, entry.code, entry.code.toLowerCase()].map((name): Row => [name, entry.code]),
  );
  it("has rows to check", () => {
    expect(rows.length).toBeGreaterThan(300);
  });
  it.each(rows)("%s → %s", (name, want) => {
    expect(code(name)).toBe(want);
  });
});

describe("find: how documents write names", () => {
  describe.each<[string, Row[]]>([
    [
      "full names, and the registry's full name comes back",
      [
        ["Sở Kế hoạch và Đầu tư", "SKHDT"],
        ["Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"],
        ["Sở Lao động - Thương binh và Xã hội", "SLDTBXH"],
        ["Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp", "BQLKKT"],
        ["Ngân hàng Nhà nước chi nhánh Thanh Hóa", "NHNN"],
        ["Ủy ban nhân dân thị xã Nghi Sơn", "UB-NGHISON"],
      ],
    ],
    [
      "abbreviation styles",
      [
        ["Sở KH&ĐT", "SKHDT"],
        ["Sở KH và ĐT", "SKHDT"],
        ["Sở KHĐT", "SKHDT"],
        ["SKHĐT", "SKHDT"],
        ["Sở Kế hoạch - Đầu tư", "SKHDT"],
        ["Sở TN&MT", "STNMT"],
        ["Sở TN và MT", "STNMT"],
        ["Sở TT&TT", "STTTT"],
        ["Sở NN&PTNT", "SNNPTNT"],
        ["Sở Nông nghiệp và PTNT", "SNNPTNT"],
        ["Sở LĐ-TB&XH", "SLDTBXH"],
        ["Sở LĐ - TB&XH", "SLDTBXH"],
        ["Sở LĐTBXH", "SLDTBXH"],
        ["Sở VH, TT&DL", "SVHTTDL"],
        ["Sở VH-TT&DL", "SVHTTDL"],
        ["Sở Giao thông Vận tải", "SGTVT"],
        ["BQL KKT Nghi Sơn và các KCN", "BQLKKT"],
        ["Trung tâm XTĐT, TM&DL tỉnh", "TTXT"],
        ["VP UBND tỉnh", "VPUBND"],
        ["NHNN tỉnh", "NHNN"],
        ["Bộ CHQS tỉnh", "BCHQS"],
        ["BHXH tỉnh", "BHXH"],
      ],
    ],
    [
      "case",
      [
        ["SỞ TÀI CHÍNH", "STC"],
        ["sở tài chính", "STC"],
        ["Sở Tài Chính", "STC"],
        ["SỞ KH&ĐT", "SKHDT"],
        ["Sở Kh&đt", "SKHDT"],
        ["SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH", "SVHTTDL"],
        ["Sở Thông tin và Truyền Thông", "STTTT"],
      ],
    ],
    [
      'old tone placement ("hoá", "thuỷ", "Uỷ")',
      [
        ["Sở Văn hoá, Thể thao và Du lịch", "SVHTTDL"],
        ["Sở Nội vụ tỉnh Thanh Hoá", "SNV"],
        ["Văn phòng UBND tỉnh Thanh Hoá", "VPUBND"],
        ["UBND huyện Thiệu Hoá", "UB-THIEUHOA"],
        ["UBND huyện Cẩm Thuỷ", "UB-CAMTHUY"],
        ["Ủy ban nhân dân huyện Quan Hoá", "UB-QUANHOA"],
        ["Uỷ ban nhân dân huyện Thọ Xuân", "UB-THOXUAN"],
      ],
    ],
    [
      "no diacritics",
      [
        ["so ke hoach va dau tu", "SKHDT"],
        ["SO TAI CHINH", "STC"],
        ["so van hoa, the thao va du lich", "SVHTTDL"],
        ["Sở KH&DT", "SKHDT"],
        ["SO KH&DT", "SKHDT"],
        ["ubnd huyen tho xuan", "UB-THOXUAN"],
      ],
    ],
    [
      "spaces",
      [
        ["Sở  Kế   hoạch và Đầu tư", "SKHDT"],
        [" Sở Kế hoạch và Đầu tư ", "SKHDT"],
        ["Sở\u00a0Tài chính", "STC"],
        ["\tSở Y tế ", "SYT"],
        ["Sở Tài chính.", "STC"],
      ],
    ],
    [
      '"Ủy ban nhân dân" and "UBND"',
      [
        ["Ủy ban nhân dân huyện Thọ Xuân", "UB-THOXUAN"],
        ["UBND huyện Thọ Xuân", "UB-THOXUAN"],
        ["Ủy ban nhân dân thành phố Sầm Sơn", "UB-SAMSON"],
        ["UBND thành phố Sầm Sơn", "UB-SAMSON"],
        ["UBND TP Sầm Sơn", "UB-SAMSON"],
        ["Văn phòng Ủy ban nhân dân tỉnh", "VPUBND"],
        ["Văn phòng UBND tỉnh", "VPUBND"],
      ],
    ],
    [
      "a person's title in front of the agency",
      [
        ["Giám đốc Sở Tài chính", "STC"],
        ["Phó Giám đốc Sở Y tế", "SYT"],
        ["Chủ tịch UBND huyện Thọ Xuân", "UB-THOXUAN"],
        ["Chủ tịch Ủy ban nhân dân huyện Thọ Xuân", "UB-THOXUAN"],
        ["Chánh Thanh tra tỉnh", "TTRA"],
        ["Chánh Văn phòng UBND tỉnh", "VPUBND"],
        ["Thủ trưởng Cục Thuế tỉnh", "CTHUE"],
        ["Trưởng Ban Dân tộc tỉnh", "BDT"],
        ["Người đứng đầu Sở Nội vụ", "SNV"],
      ],
    ],
    [
      "codes, in any case",
      [
        ["skhdt", "SKHDT"],
        ["SKHDT", "SKHDT"],
        [" STC ", "STC"],
        ["ub-thoxuan", "UB-THOXUAN"],
        ["cap-huyen", "CAP-HUYEN"],
        ["SNgV", "SNGV"],
      ],
    ],
    [
      "collectives",
      [
        ["UBND các huyện, thị xã, thành phố", "CAP-HUYEN"],
        ["Ủy ban nhân dân các huyện, thị xã, thành phố", "CAP-HUYEN"],
        ["UBND các huyện, thị xã, thành phố trên địa bàn tỉnh", "CAP-HUYEN"],
        ["Chủ tịch UBND các huyện, thị xã, thành phố", "CAP-HUYEN"],
        ["UBND cấp huyện", "CAP-HUYEN"],
        ["các sở, ban, ngành", "CAP-TINH"],
        ["Các sở, ban, ngành, đơn vị cấp tỉnh", "CAP-TINH"],
        ["Giám đốc các Sở, Trưởng các ban, ngành, đơn vị cấp tỉnh", "CAP-TINH"],
        ["Thủ trưởng các sở, ban, ngành", "CAP-TINH"],
      ],
    ],
    [
      "names the registry does not know → null",
      [
        ["Bộ Tài chính", null],
        ["Sở Du lịch", null],
        ["Cục Thuế tỉnh Nghệ An", null],
        ["Sở Kế hoạch và Đầu tư tỉnh Nghệ An", null],
        ["UBND huyện Quỳnh Lưu", null],
        ["UBND tỉnh", null],
        ["UBND huyện", null],
        ["Thanh tra", null],
        ["Ban Quản lý", null],
        ["Sở", null],
        ["Giám đốc", null],
        ["các đơn vị liên quan", null],
        ["Sở Tài chính (chủ trì)", null],
        ["UBND huyện Thọ Xuân, UBND huyện Triệu Sơn", null],
        ["", null],
        ["   ", null],
      ],
    ],
  ])("%s", (_title, rows) => {
    it.each(rows)("%s → %s", (name, want) => {
      expect(code(name)).toBe(want);
    });
  });

  it("returns the registry's entity: full name for an agency, members for a collective", () => {
    expect(matcher.find("Sở KH&ĐT")).toEqual({ type: "agency", code: "SKHDT", name: "Sở Kế hoạch và Đầu tư" });
    const districts = matcher.find("UBND các huyện, thị xã, thành phố");
    expect(districts?.type).toBe("collective");
    expect(districts && matcher.expand(districts)).toEqual(registry.collectives.find((c) => c.code === "CAP-HUYEN")!.members);
    expect(matcher.expand(matcher.find("Sở Y tế")!)).toEqual(["SYT"]);
  });

  it.each<Row>([
    ["Sở Tài chính", "STC"],
    ["Thanh tra tỉnh", "TTRA"],
    ["UBND huyện Thọ Xuân", "UB-THOXUAN"],
    ["Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"],
  ])("decomposed Unicode: %s in NFD → %s", (name, want) => {
    expect(code(name.normalize("NFD"))).toBe(want);
  });

  it.each<Row>([
    ["uy ban nhan dan huyen tho xuan", "UB-THOXUAN"],
    ["UY BAN NHAN DAN CAC HUYEN, THI XA, THANH PHO", "CAP-HUYEN"],
    ["van phong uy ban nhan dan tinh", "VPUBND"],
  ])('no diacritics with the long form "uy ban nhan dan": %s → %s', (name, want) => {
    expect(code(name)).toBe(want);
  });

  it.each<Row>([
    ["Sở KH & ĐT", "SKHDT"],
    ["Sở TN & MT", "STNMT"],
    ["Trung tâm XTĐT, TM & DL tỉnh", "TTXT"],
    ["Sở Thông tin & Truyền thông", "STTTT"],
    ["Sở Giáo dục & Đào tạo", "SGDDT"],
    ["SỞ KẾ HOẠCH & ĐẦU TƯ", "SKHDT"],
  ])('ampersand spaced, or standing for "và": %s → %s', (name, want) => {
    expect(code(name)).toBe(want);
  });

  it.each<Row>([
    ["Sở GD-ĐT", "SGDDT"],
    ["Sở KH-ĐT", "SKHDT"],
    ["Sở TN-MT", "STNMT"],
    ["Sở NN-PTNT", "SNNPTNT"],
    ["Sở GD - ĐT", "SGDDT"],
    ["Sở LĐ-TBXH", "SLDTBXH"],
    ["Sở LĐ - TBXH", "SLDTBXH"],
    // hyphens that are not inside an acronym keep working
    ["Sở LĐ-TB&XH", "SLDTBXH"],
    ["Sở LĐ - TB&XH", "SLDTBXH"],
    ["Sở Lao động - Thương binh và Xã hội", "SLDTBXH"],
    ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SLDTBXH"],
    ["Sở Kế hoạch - Đầu tư", "SKHDT"],
  ])("hyphenated acronyms: %s → %s", (name, want) => {
    expect(code(name)).toBe(want);
  });

  it.each<Row>([
    ["Phó Chủ tịch UBND huyện Thọ Xuân", "UB-THOXUAN"],
    ["Phó Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố", "CAP-HUYEN"],
    ["Phó Trưởng Ban Dân tộc tỉnh", "BDT"],
    ["Phó Chánh Thanh tra tỉnh", "TTRA"],
    ["Phó Chủ tịch", null],
  ])('a deputy\'s title ("Phó Chủ tịch", "Phó Trưởng", "Phó Chánh"): %s → %s', (name, want) => {
    expect(code(name)).toBe(want);
  });

  it.each<Row>([
    ["Trung tâm XTĐT, TM&DL tỉnh Thanh Hóa", "TTXT"],
    ["UBND huyện Thọ Xuân tỉnh Thanh Hóa", "UB-THOXUAN"],
    ["Sở KH&ĐT tỉnh Thanh Hoá", "SKHDT"],
    ["Cục Thuế tỉnh Hà Tĩnh", null],
    ["Sở Y tế thành phố Hồ Chí Minh", null],
    ["Giám đốc Sở Tài chính tỉnh Nghệ An", null],
  ])('a trailing "tỉnh Thanh Hóa" is ours, another province is not: %s → %s', (name, want) => {
    expect(code(name)).toBe(want);
  });
});

/** entity → its code; generic and unknown parties → "generic:…" / "unknown:…" as written */
const show = (party: Party): string => (party.kind === "entity" ? party.entity.code : `${party.kind}:${party.text}`);

type ClauseRow = [text: string, result: { leads: string[]; coordinates: string[] } | null];

function clause(text: string): { leads: string[]; coordinates: string[] } | null {
  const found = readAssignmentClause(text, matcher);
  return found && { leads: found.leads.map(show), coordinates: found.coordinates.map(show) };
}

describe("readAssignmentClause: who leads and who coordinates", () => {
  describe.each<[string, ClauseRow[]]>([
    [
      '"Sở X chủ trì, phối hợp với Y …"',
      [
        [
          "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan, tham mưu UBND tỉnh ban hành kế hoạch thu hút đầu tư.",
          { leads: ["SKHDT"], coordinates: ["STC", "generic:các đơn vị liên quan"] },
        ],
        ["Sở KH&ĐT chủ trì, phối hợp với Sở TN&MT, Sở Xây dựng tham mưu điều chỉnh quy hoạch.", { leads: ["SKHDT"], coordinates: ["STNMT", "SXD"] }],
        [
          "Sở Y tế chủ trì, phối hợp với Sở Tài chính, Bảo hiểm xã hội tỉnh và các cơ quan, đơn vị có liên quan triển khai.",
          { leads: ["SYT"], coordinates: ["STC", "BHXH", "generic:các cơ quan, đơn vị có liên quan"] },
        ],
        ["Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan xây dựng phương án.", { leads: ["STC"], coordinates: ["generic:các sở, ngành liên quan"] }],
        ["Sở Nội vụ chủ trì, phối hợp chặt chẽ với Sở Tư pháp kiểm tra.", { leads: ["SNV"], coordinates: ["STP"] }],
        ["Sở Nội vụ, theo chức năng, nhiệm vụ được giao, chủ trì, phối hợp với Sở Tư pháp kiểm tra.", { leads: ["SNV"], coordinates: ["STP"] }],
        ["Ủy ban nhân dân huyện Thọ Xuân chủ trì, phối hợp với Sở Xây dựng lập quy hoạch chi tiết.", { leads: ["UB-THOXUAN"], coordinates: ["SXD"] }],
        // a name the registry does not know is kept as written when "chủ trì" follows it
        ["Sở Du lịch chủ trì, phối hợp với Sở Tài chính xây dựng đề án.", { leads: ["unknown:Sở Du lịch"], coordinates: ["STC"] }],
      ],
    ],
    [
      "several leads, commas inside names",
      [
        [
          "Sở Công Thương, Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh phối hợp với Sở Văn hóa, Thể thao và Du lịch tổ chức hội chợ.",
          { leads: ["SCT", "TTXT"], coordinates: ["SVHTTDL"] },
        ],
        ["Sở Nội vụ và Sở Tư pháp tổ chức kiểm tra.", { leads: ["SNV", "STP"], coordinates: [] }],
        ["UBND huyện Thọ Xuân và UBND huyện Triệu Sơn phối hợp với Sở Giao thông vận tải nâng cấp tuyến đường.", { leads: ["UB-THOXUAN", "UB-TRIEUSON"], coordinates: ["SGTVT"] }],
        ["Sở Tài chính, Sở Kế hoạch và Đầu tư theo chức năng, nhiệm vụ được giao, hướng dẫn các địa phương.", { leads: ["STC", "SKHDT"], coordinates: [] }],
        ["Các sở, ban, ngành, đơn vị cấp tỉnh, UBND các huyện, thị xã, thành phố triển khai thực hiện.", { leads: ["CAP-TINH", "CAP-HUYEN"], coordinates: [] }],
      ],
    ],
    [
      '"Giao …", titles, case, spacing, tone placement',
      [
        ["Giao Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước tỉnh rà soát các khoản chi.", { leads: ["STC"], coordinates: ["KBNN"] }],
        ["Giao Sở Tài chính tham mưu bố trí kinh phí thực hiện.", { leads: ["STC"], coordinates: [] }],
        ["Giám đốc Sở Tài chính chủ trì, phối hợp với Giám đốc Kho bạc Nhà nước tỉnh rà soát.", { leads: ["STC"], coordinates: ["KBNN"] }],
        ["Chủ tịch UBND huyện Thọ Xuân chỉ đạo đẩy nhanh giải phóng mặt bằng.", { leads: ["UB-THOXUAN"], coordinates: [] }],
        ["SỞ TÀI CHÍNH CHỦ TRÌ, PHỐI HỢP VỚI SỞ NỘI VỤ THẨM ĐỊNH.", { leads: ["STC"], coordinates: ["SNV"] }],
        ["Sở  Tài   chính  chủ trì,  phối hợp với  Sở Nội vụ thẩm định.", { leads: ["STC"], coordinates: ["SNV"] }],
        ["Sở Văn hoá, Thể thao và Du lịch chủ trì, phối hợp với Sở Công Thương quảng bá du lịch.", { leads: ["SVHTTDL"], coordinates: ["SCT"] }],
        ["UBND các huyện, thị xã, thành phố chủ động rà soát quỹ đất sạch.", { leads: ["CAP-HUYEN"], coordinates: [] }],
        ["Sở Kế hoạch và Đầu tư là cơ quan đầu mối, theo dõi, tổng hợp.", { leads: ["SKHDT"], coordinates: [] }],
      ],
    ],
    [
      "the subject after an opening clause",
      [
        ["Trên cơ sở nhiệm vụ được giao, Giám đốc các Sở, Trưởng các ban, ngành, đơn vị cấp tỉnh tập trung chỉ đạo triển khai.", { leads: ["CAP-TINH"], coordinates: [] }],
        ["Căn cứ chức năng, nhiệm vụ được giao, các sở, ban, ngành cấp tỉnh chủ động triển khai.", { leads: ["CAP-TINH"], coordinates: [] }],
        ["Trên cơ sở kết quả rà soát, đề xuất điều chỉnh kế hoạch.", null],
      ],
    ],
    [
      "a bullet that only adds coordinators",
      [
        ["Phối hợp với Sở Y tế tổ chức tiêm chủng mở rộng.", { leads: [], coordinates: ["SYT"] }],
        ["Phối hợp chặt chẽ với Sở Nội vụ, Sở Tư pháp trong công tác kiểm tra.", { leads: [], coordinates: ["SNV", "STP"] }],
        ["Phối hợp thực hiện các nhiệm vụ được giao.", null],
      ],
    ],
    [
      "text that starts with the work itself → null",
      [
        ["Tổ chức triển khai thực hiện có hiệu quả Nghị quyết.", null],
        ["Xây dựng kế hoạch phát triển du lịch cộng đồng.", null],
        ["Nâng cao chất lượng nguồn nhân lực.", null],
        ["", null],
      ],
    ],
    [
      "an agency named after the verb is an object, not a lead",
      [
        ["Thanh tra tỉnh tăng cường hướng dẫn các sở, ban, ngành thực hiện quy định về phòng, chống tham nhũng.", { leads: ["TTRA"], coordinates: [] }],
        ["Sở Y tế hướng dẫn Sở Giáo dục và Đào tạo triển khai y tế trường học.", { leads: ["SYT"], coordinates: [] }],
        ["Sở Tài chính hướng dẫn UBND các huyện, thị xã, thành phố quyết toán.", { leads: ["STC"], coordinates: [] }],
        ["Ngân hàng Nhà nước chi nhánh tỉnh chỉ đạo các tổ chức tín dụng trên địa bàn.", { leads: ["NHNN"], coordinates: [] }],
      ],
    ],
  ])("%s", (_title, rows) => {
    it.each(rows)("%s", (text, want) => {
      expect(clause(text)).toEqual(want);
    });
  });

  it("keeps each party's words as the document wrote them", () => {
    const found = readAssignmentClause("Sở KH&ĐT chủ trì, phối hợp với Bộ Tài chính, Sở TN&MT và các đơn vị liên quan thực hiện.", matcher);
    expect(found?.leads.map((p) => p.text)).toEqual(["Sở KH&ĐT"]);
    expect(found?.coordinates.map((p) => [p.kind, p.text])).toEqual([
      ["unknown", "Bộ Tài chính"],
      ["entity", "Sở TN&MT"],
      ["generic", "các đơn vị liên quan"],
    ]);
  });

  it("reads a clause in decomposed Unicode, keeping each party's words composed", () => {
    const text = "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính tham mưu.".normalize("NFD");
    expect(clause(text)).toEqual({ leads: ["SKHDT"], coordinates: ["STC"] });
    expect(readAssignmentClause(text, matcher)?.leads.map((p) => p.text)).toEqual(["Sở Kế hoạch và Đầu tư"]);
  });

  it.each<ClauseRow>([
    ["Sở Tài chính chủ trì, phối hợp với Bộ Tài chính và các cơ quan liên quan hướng dẫn.", { leads: ["STC"], coordinates: ["unknown:Bộ Tài chính", "generic:các cơ quan liên quan"] }],
    ["Sở Tài chính chủ trì, phối hợp với Bộ Tài chính cùng các sở, ban, ngành thực hiện.", { leads: ["STC"], coordinates: ["unknown:Bộ Tài chính", "CAP-TINH"] }],
    // "và" inside an unknown name, not followed by "các" or a head word, stays in it
    ["Sở Tài chính chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư hướng dẫn.", { leads: ["STC"], coordinates: ["unknown:Bộ Kế hoạch và Đầu tư"] }],
  ])("an unknown name stops before a following party: %s", (text, want) => {
    expect(clause(text)).toEqual(want);
  });

  it.each<ClauseRow>([
    ["Trong quá trình thực hiện, UBND các huyện, thị xã, thành phố kịp thời báo cáo.", { leads: ["CAP-HUYEN"], coordinates: [] }],
    ["UBND các huyện, thị xã, thành phố kịp thời báo cáo.", { leads: ["CAP-HUYEN"], coordinates: [] }],
    ["Sở Y tế định kỳ báo cáo UBND tỉnh.", { leads: ["SYT"], coordinates: [] }],
    ["Sở Nội vụ, Sở Tư pháp tích cực phối hợp thực hiện.", { leads: ["SNV", "STP"], coordinates: [] }],
  ])('an adverb that starts the predicate ("kịp thời", "định kỳ") ends the subject: %s', (text, want) => {
    expect(clause(text)).toEqual(want);
  });

  it.each<ClauseRow>([
    ["Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư tỉnh Nghệ An tổ chức hội nghị.", { leads: ["STC"], coordinates: ["unknown:Sở Kế hoạch và Đầu tư tỉnh Nghệ An"] }],
    ["Cục Thuế tỉnh Nghệ An chủ trì, phối hợp với Cục Thuế tỉnh tổ chức hội nghị.", { leads: ["unknown:Cục Thuế tỉnh Nghệ An"], coordinates: ["CTHUE"] }],
    [
      "Sở Y tế chủ trì, phối hợp với Cục Thuế tỉnh Hà Tĩnh, Sở Y tế thành phố Hồ Chí Minh thực hiện.",
      { leads: ["SYT"], coordinates: ["unknown:Cục Thuế tỉnh Hà Tĩnh", "unknown:Sở Y tế thành phố Hồ Chí Minh"] },
    ],
    // our own province, written after a name the registry has without it
    ["Sở KH&ĐT tỉnh Thanh Hóa chủ trì, phối hợp với Trung tâm XTĐT, TM&DL tỉnh Thanh Hoá thực hiện.", { leads: ["SKHDT"], coordinates: ["TTXT"] }],
    ["Sở Tài chính tỉnh chủ trì, phối hợp với Sở Y tế tỉnh thực hiện.", { leads: ["STC"], coordinates: ["SYT"] }],
  ])("another province's agency is not ours: %s", (text, want) => {
    expect(clause(text)).toEqual(want);
  });

  it.each<ClauseRow>([
    ["Giám đốc các sở, Trưởng các ban, ngành, đơn vị cấp tỉnh; Chủ tịch UBND các huyện, thị xã, thành phố chịu trách nhiệm thi hành.", { leads: ["CAP-TINH", "CAP-HUYEN"], coordinates: [] }],
    ["Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư; Sở Nội vụ tham mưu.", { leads: ["STC"], coordinates: ["SKHDT", "SNV"] }],
    // after ";" a new clause is not read as one more (unknown) party
    ["Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư; tổng hợp báo cáo.", { leads: ["STC"], coordinates: ["SKHDT"] }],
    // a colon still ends the list: what follows it is the work
    ["Sở Tài chính chủ trì, phối hợp với đơn vị liên quan:", { leads: ["STC"], coordinates: ["generic:đơn vị liên quan"] }],
    ["Sở Tài chính chủ trì, phối hợp với Sở Y tế: Sở Nội vụ tham mưu.", { leads: ["STC"], coordinates: ["SYT"] }],
  ])("a semicolon separates the parties of a list: %s", (text, want) => {
    expect(clause(text)).toEqual(want);
  });

  it.each<ClauseRow>([
    ["so ke hoach va dau tu chu tri, phoi hop voi so tai chinh tham muu.", { leads: ["SKHDT"], coordinates: ["STC"] }],
    ["SO TAI CHINH CHU TRI, PHOI HOP VOI SO NOI VU VA CAC DON VI LIEN QUAN THAM DINH.", { leads: ["STC"], coordinates: ["SNV", "generic:CAC DON VI LIEN QUAN"] }],
    ["giao so tai chinh tham muu bo tri kinh phi.", { leads: ["STC"], coordinates: [] }],
    ["ubnd cac huyen, thi xa, thanh pho chu dong ra soat.", { leads: ["CAP-HUYEN"], coordinates: [] }],
    ["phoi hop voi so y te to chuc tiem chung.", { leads: [], coordinates: ["SYT"] }],
    ["so noi vu va so tu phap to chuc kiem tra.", { leads: ["SNV", "STP"], coordinates: [] }],
    ["to chuc trien khai thuc hien nghi quyet.", null],
  ])("no diacritics in a clause: %s", (text, want) => {
    expect(clause(text)).toEqual(want);
  });
});
