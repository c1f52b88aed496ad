import { describe, expect, it } from "vitest";
import { documentMismatch, readReplyIntent, type ReplyIntent } from "../../src/domain/reply-intent.js";

/** Every reply below is read as if sent on Friday 27/11/2026 (local). */
const TODAY = "2026-11-27";

/**
 * Each row states the whole expected intent: fields left out must be their defaults (null, [],
 * "clear"), so a row fails when the reader invents a percent, a date, a reason or a reference.
 */
type Expected = Partial<ReplyIntent> & Pick<ReplyIntent, "kind">;
type Row = [reply: string, expected: Expected];

const full = (expected: Expected): ReplyIntent => ({
  percent: null,
  proposedDate: null,
  reason: null,
  references: [],
  confidence: "clear",
  ...expected,
});

const read = (reply: string) => readReplyIntent(reply, TODAY);

const done: Expected = { kind: "done", percent: 100 };
const progress = (percent: number | null = null): Expected => ({ kind: "progress", percent });
const blocked = (reason: string | null = null, percent: number | null = null): Expected => ({ kind: "blocked", reason, percent });
const extension = (proposedDate: string | null, reason: string | null = null): Expected => ({
  kind: "extension_request",
  proposedDate,
  reason,
});
const note: Expected = { kind: "note" };

const DONE_ROWS: Row[] = [
  ["đã hoàn thành", done],
  ["\ufeffđã hoàn\u200bthành", done],
  ["da hoan thanh", done],
  ["ĐÃ HOÀN THÀNH", done],
  ["DA HOAN THANH 100%", done],
  ["đã xong", done],
  ["da xong", done],
  ["hoàn tất", done],
  ["xong rồi", done],
  ["xong", done],
  ["đã nộp báo cáo", done],
  ["đã gửi báo cáo", done],
  ["hoàn thành 100%", done],
  ["đạt 100%", done],
  ["Sở đã ban hành Kế hoạch số 45/KH-SKHĐT", { ...done, references: ["45/KH-SKHĐT"] }],
  ["đã hoàn thành 100%, báo cáo số 123/BC-STC", { ...done, references: ["123/BC-STC"] }],
  // "150%" is not a progress percentage, but "hoàn thành" still says done.
  ["hoàn thành 150% kế hoạch", done],
  // A question after the report does not undo the report.
  ["Đã hoàn thành. Có cần gửi bản giấy không?", done],
  // Typed in a hurry: the last letter slips, a diacritic lands on the wrong vowel.
  ["dã hoàn thàng", done],
  ["đã hoàn thàn", done],
];

const NOT_DONE_ROWS: Row[] = [
  ["chưa hoàn thành", progress()],
  ["chua xong", progress()],
  ["chưa thể hoàn thành", progress()],
  ["chưa thực hiện xong", progress()],
  ["sắp hoàn thành", progress()],
  ["đang hoàn thiện", progress()],
  ["hoàn thành 80%", progress(80)],
  ["đã hoàn thành 80%", progress(80)],
  ["dự kiến hoàn thành trong tháng 12", progress()],
  ["Đang triển khai, dự kiến hoàn thành trong tháng 12", progress()],
  ["hoàn thành giai đoạn 1", progress()],
  ["Dạ em báo cáo:\n- Đã hoàn thành dự thảo\n- Đang lấy ý kiến các sở", progress()],
  // The negation covers the number too: 100 is what is missing, not what was reached.
  ["chưa hoàn thành 100%", progress()],
  // A stated share below 100 means the officer does not claim completion.
  ["đã hoàn thành, giải ngân đạt 60%", progress(60)],
];

const PROGRESS_ROWS: Row[] = [
  ["đang thực hiện", progress()],
  ["dang trien khai 60%", progress(60)],
  ["đã triển khai được 60%", progress(60)],
  ["đạt 60%", progress(60)],
  ["đang làm", progress()],
  ["đang xây dựng dự thảo", progress()],
  ["Tiến độ: 45%", progress(45)],
  // Sending a paper other than the report is a step, not the result.
  ["đã gửi công văn số 12/SKHĐT cho UBND tỉnh", { ...progress(), references: ["12/SKHĐT"] }],
  ["đã gửi báo cáo tiến độ", progress()],
  ["đã trình UBND tỉnh", progress()],
];

const PERCENT_ROWS: Row[] = [
  ["60%", progress(60)],
  ["60 %", progress(60)],
  ["60 phần trăm", progress(60)],
  ["0%", progress(0)],
  ["100%", done],
  ["150%", progress(null)],
  // A range counts its lower bound: what is certain, never an overstatement.
  ["60-70%", progress(60)],
  ["khoảng 60% - 70%", progress(60)],
  // Rounded down, so 99,6% does not become done.
  ["đạt 99,6%", progress(99)],
  ["đạt 62,5%", progress(62)],
  // A target is not the current state.
  ["dự kiến đạt 80%, hiện đạt 60%", progress(60)],
  // "7 phần" (of ten) is how many say 70%.
  ["được tầm 7 phần", progress(70)],
  ["đạt khoảng 8 phần 10", progress(80)],
  ["làm được 5 phần rồi ạ", progress(50)],
  ["đã xong 9 phần", progress(90)],
  // Parts of a list, not tenths.
  ["chia làm 3 phần việc", note],
];

const BLOCKED_ROWS: Row[] = [
  ["vướng mắc", blocked()],
  ["vuong mac ve von", blocked("von")],
  ["vướng mắc về vốn", blocked("vốn")],
  ["gặp khó khăn", blocked()],
  ["gặp khó", blocked()],
  ["đang vướng", blocked()],
  ["gặp nhiều khó khăn lớn về mặt bằng", blocked("mặt bằng")],
  ["chưa có hướng dẫn của Bộ Tài chính", blocked("chưa có hướng dẫn của Bộ Tài chính")],
  ["thiếu kinh phí", blocked("thiếu kinh phí")],
  ["thiếu kinh phí do ngân sách tỉnh chưa bố trí", blocked("ngân sách tỉnh chưa bố trí")],
  ["bị chậm do mưa bão kéo dài", blocked("mưa bão kéo dài")],
  ["đang chờ hướng dẫn của Bộ Tài chính", blocked("chờ hướng dẫn của Bộ Tài chính")],
  ["chưa hoàn thành do khó khăn về vốn", blocked("vốn")],
  // "do" naming who leads is not the reason; "về" after the obstacle is.
  ["nhiệm vụ do Sở Tài chính chủ trì, vướng mắc về mặt bằng", blocked("mặt bằng")],
  ["đề nghị tháo gỡ vướng mắc về cơ chế", blocked("cơ chế")],
  // A reason runs to the next clause ("nên", "nhưng"), not to a word that folds alike.
  ["vướng mắc về chuyển đổi nền tảng số nên chậm", blocked("chuyển đổi nền tảng số")],
  ["vướng mắc về hồ sơ của những hộ dân", blocked("hồ sơ của những hộ dân")],
  // "về" is the obstacle's subject only right after it; here it is "sent to".
  ["vướng mắc, đã báo cáo về Sở", blocked()],
  ["gặp khó khăn về.", blocked()],
  ["vướng mắc về vốn nhưng vẫn đang triển khai", blocked("vốn")],
  ["tien do dat 50%, vuong mac do chua co huong dan", blocked("chua co huong dan", 50)],
  // Cannot finish in time: a risk to tell the coordinators, not progress.
  ["không thể hoàn thành đúng hạn", blocked()],
  ["khong kip hoan thanh", blocked()],
  ["không hoàn thành kịp thời hạn do thiếu kinh phí", blocked("thiếu kinh phí")],
  ["có nguy cơ không hoàn thành đúng hạn", blocked()],
];

const NEGATION_ROWS: Row[] = [
  ["không có vướng mắc", note],
  ["ko vuong mac gi", note],
  ["không gặp phải bất kỳ khó khăn nào", note],
  ["đã tháo gỡ khó khăn, vướng mắc", note],
  ["không vướng mắc gì, đã xong", done],
  ["K vướng mắc, đang làm", progress()],
  ["Khó khăn, vướng mắc: Không. Đã hoàn thành.", done],
  ["mặc dù khó khăn nhưng đã hoàn thành", done],
  ["không xin gia hạn", note],
  ["không cần gia hạn, đang triển khai 60%", progress(60)],
  // An extension already granted is news, not a request.
  ["đã được gia hạn đến 15/12", note],
];

const EXTENSION_ROWS: Row[] = [
  ["xin gia hạn đến 15/12", extension("2026-12-15")],
  ["gia han den 15/12/2026", extension("2026-12-15")],
  ["XIN GIA HẠN ĐẾN 15/12/2026", extension("2026-12-15")],
  ["gia hạn đến 15-12-2026", extension("2026-12-15")],
  ["gia hạn đến 15/12/26", extension("2026-12-15")],
  ["lùi đến ngày 10 tháng 1 năm 2027", extension("2027-01-10")],
  ["xin lùi sang ngày 15 tháng 12", extension("2026-12-15")],
  ["đề nghị lùi thời hạn", extension(null)],
  ["cho thêm thời gian đến 10/01", extension("2027-01-10")],
  // Across the year boundary: without a year, the next such date on or after today.
  ["xin gia hạn đến 10/01", extension("2027-01-10")],
  ["xin gia hạn đến 27/11", extension("2026-11-27")],
  ["gia hạn đến 26/11", extension("2027-11-26")],
  ["xin gia hạn đến 29/02", extension("2028-02-29")],
  ["gia han den 31/02", extension(null)],
  ["gia hạn đến 15/13/2026", extension(null)],
  // An explicit past year is kept: the bot refuses it with a reason.
  ["gia hạn đến 15/12/2025", extension("2025-12-15")],
  ["xin gia hạn đến hết tháng 12", extension("2026-12-31")],
  // A length, not a date: the bot asks for the date.
  ["xin gia hạn thêm 15 ngày", extension(null)],
  ["có thể gia hạn đến 15/12 được không?", extension("2026-12-15")],
  ["xin gia hạn đến 10/01 vì thiếu kinh phí", extension("2027-01-10", "thiếu kinh phí")],
  ["do thiếu kinh phí nên xin gia hạn đến hết tháng 12", extension("2026-12-31", "thiếu kinh phí")],
  ["Lý do: chưa được bố trí vốn. Đề nghị gia hạn đến 31/12/2026", extension("2026-12-31", "chưa được bố trí vốn")],
  ["gia hạn đến 15/12 vì vướng mắc thủ tục đất đai, đã đề nghị Sở TN&MT hỗ trợ", extension("2026-12-15", "vướng mắc thủ tục đất đai")],
  ["xin gia han den ngay 15 thang 12 nam 2026 do thieu von", extension("2026-12-15", "thieu von")],
  // "tiến độ" typed as "tien do" and "do đó" (therefore) do not introduce a reason.
  ["vuong mac, tien do cham, xin gia han den 15/12 vi thieu von", extension("2026-12-15", "thieu von")],
  ["thiếu vốn, do đó xin gia hạn đến 15/12", extension("2026-12-15", "thiếu vốn")],
  // The date after the request, not the date of the paper sent earlier.
  ["Ngày 20/11 đã gửi công văn, xin gia hạn đến 15/12", extension("2026-12-15")],
];

const PRECEDENCE_ROWS: Row[] = [
  ["vướng mắc về vốn, xin gia hạn đến 15/12", extension("2026-12-15", "vốn")],
  ["đã hoàn thành nhưng còn vướng mắc về thanh toán", blocked("thanh toán")],
  ["đang triển khai 60%, gặp khó khăn về mặt bằng", blocked("mặt bằng", 60)],
  ["đã nộp báo cáo, đang triển khai tiếp", done],
];

const NOTE_ROWS: Row[] = [
  ["bao giờ hạn?", note],
  ["thời hạn hoàn thành là bao giờ?", note],
  // "hoàn thành" as part of a noun says nothing about the state.
  ["Thời hạn hoàn thành: 30/11/2026", note],
  ["cảm ơn", note],
  // Folding makes "Đảng" look like "đang" and "vuông" like "vướng"; the typed accents decide.
  ["Đảng ủy đã chỉ đạo", note],
  ["giải phóng mặt bằng 500 mét vuông", note],
  ["khi nào xong sẽ báo cáo", note],
  // A question without a question mark, and a percentage asked about rather than reported.
  ["đã gửi báo cáo thì có cần gửi bản giấy nữa không ạ", note],
  ["Tiến độ 80% đã đủ chưa?", note],
];

const WEAK_ROWS: Row[] = [
  ["", { kind: null, confidence: "weak" }],
  ["   \n\t ", { kind: null, confidence: "weak" }],
  ["👍🙏", { kind: null, confidence: "weak" }],
  ["...", { kind: null, confidence: "weak" }],
  ["ok", { kind: null, confidence: "weak" }],
  ["dạ vâng ạ", { kind: null, confidence: "weak" }],
  ["rồi", { ...done, confidence: "weak" }],
  ["Dạ rồi ạ 👍", { ...done, confidence: "weak" }],
  ["xong?", { ...done, confidence: "weak" }],
  ["chưa", { kind: "progress", confidence: "weak" }],
];

const REFERENCE_ROWS: Row[] = [
  ["đã gửi văn bản số 45/TTr-SKHĐT, số 123/BC-STC và 45/TTr-SKHĐT", { ...progress(), references: ["45/TTr-SKHĐT", "123/BC-STC"] }],
  ["theo số 12/KH-UBND", { ...note, references: ["12/KH-UBND"] }],
  ["Số 12/kh-ubnd ngày 5/6/2022, 2 lần/tháng, 5/tháng", { ...note, references: ["12/kh-ubnd"] }],
  ["căn cứ Nghị định 123/2024/NĐ-CP", { ...note, references: ["123/2024/NĐ-CP"] }],
];

describe("readReplyIntent", () => {
  describe.each([
    ["done", DONE_ROWS],
    ["not done yet", NOT_DONE_ROWS],
    ["progress", PROGRESS_ROWS],
    ["percent", PERCENT_ROWS],
    ["blocked", BLOCKED_ROWS],
    ["negation", NEGATION_ROWS],
    ["extension request", EXTENSION_ROWS],
    ["precedence", PRECEDENCE_ROWS],
    ["note", NOTE_ROWS],
    ["weak", WEAK_ROWS],
    ["references", REFERENCE_ROWS],
  ] as const)("%s", (_group, rows) => {
    it.each(rows)("%j", (reply, expected) => {
      expect(read(reply)).toEqual(full(expected));
    });
  });

  // The same rows typed in decomposed Unicode (as copied from some PDFs) and in capitals read
  // the same, except that quoted text keeps the case it was typed in.
  const accented = [...DONE_ROWS, ...NOT_DONE_ROWS, ...BLOCKED_ROWS, ...EXTENSION_ROWS].filter(([reply]) => reply !== reply.normalize("NFD"));

  it.each(accented)("decomposed: %j", (reply, expected) => {
    expect(read(reply.normalize("NFD"))).toEqual(full(expected));
  });

  it.each(accented.filter(([, e]) => e.reason === undefined || e.reason === null))("upper case: %j", (reply, expected) => {
    expect(read(reply.toUpperCase())).toEqual(full(expected));
  });

  it("keeps the reason as typed, with its diacritics and capitals", () => {
    expect(read("Vướng mắc về Giải phóng mặt bằng").reason).toBe("Giải phóng mặt bằng");
    expect(read("VƯỚNG MẮC VỀ VỐN").reason).toBe("VỐN");
  });

  it("refuses a malformed today: it is a programming error, not user input", () => {
    expect(() => readReplyIntent("đã xong", "27/11/2026")).toThrow(RangeError);
    expect(() => readReplyIntent("đã xong", "2026-02-30")).toThrow(RangeError);
  });

  // Speed is measured in bench/, not asserted here; a catastrophic pattern would still show up
  // as a test that never finishes (vitest's timeout).
  describe("long and hostile input is read correctly", () => {
    const long = "Đang triển khai 60%, vướng mắc về vốn do chưa có hướng dẫn. ".repeat(100);
    it.each([
      ["a long report", long, "blocked"],
      ["a run of digits", "1".repeat(20_000), "note"],
      ["a run of dashes", `vì ${"-".repeat(20_000)}x`, "note"],
      ["slashes", "1/".repeat(10_000), "note"],
      ["a hyphenated non-number", `1/a${"-a".repeat(10_000)}ã`, "note"],
      ["a percent-like run", `${"60-".repeat(7_000)}%`, "note"],
      ["negators", `${"không ".repeat(4_000)}vướng mắc`, "note"],
      ["dates", "15/".repeat(7_000), "note"],
    ] as const)("%s", (_name, reply, kind) => {
      expect(reply.length).toBeGreaterThanOrEqual(5_000);
      expect(read(reply).kind).toBe(kind);
    });

    it("reads a long report like a short one", () => {
      expect(read(long)).toEqual(full(blocked("vốn do chưa có hướng dẫn", 60)));
    });
  });

  describe("a reply to the bot's question", () => {
    const answer = (reply: string, question: "extension" | "blocked") => {
      const { kind, percent, proposedDate } = readReplyIntent(reply, TODAY, question);
      return { kind, percent, proposedDate };
    };

    it.each([
      ["15/12/2026", "2026-12-15"],
      ["ngày 20 tháng 1 năm 2027", "2027-01-20"],
      ["hết tháng 12", "2026-12-31"],
      ["đến 15/12 vì chờ ý kiến Sở Tài chính", "2026-12-15"],
      ["ok", null],
      ["đã xong", null],
    ])("reads %j to 'until which date?' as an extension request", (reply, date) => {
      expect(answer(reply, "extension")).toEqual({ kind: "extension_request", percent: null, proposedDate: date });
      // without the question, a bare date or a short answer is no request
      expect(read(reply).kind).not.toBe("extension_request");
    });

    it("keeps the date a reply asks for in its own words", () => {
      expect(answer("xin gia hạn đến 10/1/2027", "extension")).toEqual({ kind: "extension_request", percent: null, proposedDate: "2027-01-10" });
    });

    it.each(["chờ văn bản của Bộ", "nhân sự mới chuyển công tác"])("reads %j to 'what is blocking?' as blocked", (reply) => {
      expect(answer(reply, "blocked")).toEqual({ kind: "blocked", percent: null, proposedDate: null });
      expect(read(reply).kind).not.toBe("blocked");
    });

    it("lets a reply to 'what is blocking?' say something else outright", () => {
      expect(answer("đã hoàn thành", "blocked")).toEqual({ kind: "done", percent: 100, proposedDate: null });
      expect(answer("xin gia hạn đến 15/12", "blocked")).toEqual({ kind: "extension_request", percent: null, proposedDate: "2026-12-15" });
    });
  });
});

describe("documentMismatch: a reply naming a paper of another kind than the task makes", () => {
  const annualReport =
    "Giám đốc các Sở, Trưởng các ban, ngành tăng cường kiểm tra, đôn đốc việc triển khai thực hiện Kế hoạch; định kỳ hằng năm (trước ngày 30/11) báo cáo kết quả thực hiện về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh.";
  const planTask = "Sở Tài chính chủ trì xây dựng kế hoạch giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập.";
  const decisionTask = "Tham mưu UBND tỉnh ban hành quyết định phân cấp quản lý tài sản công.";
  it.each([
    ["Sở đã ban hành Kế hoạch số 45/KH-STC", annualReport, { named: "plan", product: "report" }],
    ["đã ban hành kế hoạch số 45", annualReport, { named: "plan", product: "report" }],
    ["Đã ban hành Quyết định 12/QĐ-UBND", planTask, { named: "decision", product: "plan" }],
    ["da ban hanh 12/qd-ubnd", planTask, { named: "decision", product: "plan" }],
  ] as const)("%j asks to confirm", (reply, task, expected) => {
    expect(documentMismatch(reply, task)).toEqual(expected);
  });

  it.each([
    // The paper the task makes, or none named: nothing to confirm.
    ["đã gửi báo cáo số 123/BC-STC", annualReport],
    ["Sở đã ban hành Kế hoạch số 45/KH-STC", planTask],
    ["đã ban hành Quyết định số 12/QĐ-UBND", decisionTask],
    ["đã hoàn thành", annualReport],
    // A task whose product the text does not name: the reply is taken as it says.
    ["Sở đã ban hành Kế hoạch số 45/KH-STC", "Tăng cường công tác kiểm tra, giám sát."],
  ])("%j in its task is taken as it is", (reply, task) => {
    expect(documentMismatch(reply, task)).toBeNull();
  });
});
