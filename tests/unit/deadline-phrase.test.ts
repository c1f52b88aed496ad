import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractDeadline, extractDeadlines, parseDeadlineCell } from "../../src/plan/deadline-phrase.js";
import type { Deadline } from "../../src/domain/deadline.js";

const date = (day: string, phrase: string): Deadline => ({ kind: "date", date: day, phrase });
const horizon = (day: string, phrase: string): Deadline => ({ kind: "horizon", date: day, phrase });
const annual = (phrase: string, month?: number, day?: number): Deadline => (month === undefined ? { kind: "annual", phrase } : { kind: "annual", month, day, phrase });
const quarterly = (phrase: string, day?: number): Deadline => (day === undefined ? { kind: "quarterly", phrase } : { kind: "quarterly", day, phrase });
const monthly = (phrase: string, day?: number): Deadline => (day === undefined ? { kind: "monthly", phrase } : { kind: "monthly", day, phrase });
const conditional = (phrase: string): Deadline => ({ kind: "conditional", phrase });
const none = (phrase: string | null): Deadline => ({ kind: "none", phrase });

/** text, plan year (or null), expected deadline, expected unrecognized fragments */
type Row = [string, number | null, Deadline, string[]];

const read = (text: string, year: number | null) => extractDeadline(text, year === null ? {} : { year });

describe("extractDeadline: the rules of DESIGN.md §2", () => {
  const rows: Row[] = [
    // month → its last day
    ["báo cáo UBND tỉnh trong tháng 7 năm 2022.", null, date("2022-07-31", "trong tháng 7 năm 2022"), []],
    ["Hoàn thành tháng 12/2025.", null, date("2025-12-31", "tháng 12/2025"), []],
    ["trong tháng 11 năm 2022", null, date("2022-11-30", "trong tháng 11 năm 2022"), []],
    ["trình UBND tỉnh cuối tháng 9/2023", null, date("2023-09-30", "cuối tháng 9/2023"), []],
    ["báo cáo trong tháng 7", 2024, date("2024-07-31", "trong tháng 7"), []],
    ["báo cáo trong tháng 7", null, none(null), ["trong tháng 7"]],
    // quarter → its last day, Roman or Arabic, "quí" spelling too
    ["báo cáo UBND tỉnh Quý IV năm 2022.", null, date("2022-12-31", "Quý IV năm 2022"), []],
    ["Hoàn thành Quý IV/2026", null, date("2026-12-31", "Quý IV/2026"), []],
    ["trình trong quý 2 năm 2024", null, date("2024-06-30", "trong quý 2 năm 2024"), []],
    ["xong trong Quí I năm 2023", null, date("2023-03-31", "trong Quí I năm 2023"), []],
    ["hoàn thành trong quý III", 2023, date("2023-09-30", "trong quý III"), []],
    // day
    ["hoàn thành trước ngày 06/6/2022.", null, date("2022-06-06", "trước ngày 06/6/2022"), []],
    ["trước ngày 15 tháng 12 năm 2025", null, date("2025-12-15", "trước ngày 15 tháng 12 năm 2025"), []],
    ["Hoàn thành trước ngày 30/6/2023", null, date("2023-06-30", "trước ngày 30/6/2023"), []],
    ["Trước 30/6/2023", null, date("2023-06-30", "Trước 30/6/2023"), []],
    ["chậm nhất ngày 15-3-2024", null, date("2024-03-15", "chậm nhất ngày 15-3-2024"), []],
    ["báo cáo trước ngày 15/12", 2025, date("2025-12-15", "trước ngày 15/12"), []],
    ["báo cáo trước ngày 15/12", null, none(null), ["trước ngày 15/12"]],
    // "trước tháng / quý / năm" → the last day before that period starts
    ["báo cáo UBND tỉnh trước tháng 12 năm 2022.", null, date("2022-11-30", "trước tháng 12 năm 2022"), []],
    ["trước tháng 1 năm 2023", null, date("2022-12-31", "trước tháng 1 năm 2023"), []],
    ["trước 10/2023", null, date("2023-09-30", "trước 10/2023"), []],
    ["trước quý IV năm 2022", null, date("2022-09-30", "trước quý IV năm 2022"), []],
    ["hoàn thành trước năm 2025", null, date("2024-12-31", "trước năm 2025"), []],
    // year as a deadline → 31/12
    ["báo cáo UBND tỉnh trong năm 2023.", null, date("2023-12-31", "trong năm 2023"), []],
    ["hoàn thành năm 2024", null, date("2024-12-31", "hoàn thành năm 2024"), []],
    // annual
    ["định kỳ hằng năm (trước ngày 30/11), báo cáo", 2022, annual("định kỳ hằng năm (trước ngày 30/11)", 11, 30), []],
    ["hằng năm, trước ngày 15/12 gửi báo cáo", null, annual("hằng năm, trước ngày 15/12", 12, 15), []],
    ["báo cáo trước ngày 15/12 hằng năm", null, annual("trước ngày 15/12 hằng năm", 12, 15), []],
    ["định kỳ hằng năm tổng hợp tình hình", null, annual("định kỳ hằng năm"), []],
    ["định kỳ hàng năm báo cáo", null, annual("định kỳ hàng năm"), []],
    ["Hằng năm, Sở Tài chính báo cáo", null, annual("Hằng năm"), []],
    // quarterly and monthly
    ["định kỳ hằng quý báo cáo", null, quarterly("định kỳ hằng quý"), []],
    ["báo cáo trước ngày 20 của tháng cuối quý", null, quarterly("trước ngày 20 của tháng cuối quý", 20), []],
    ["đối thoại với doanh nghiệp định kỳ hằng tháng", null, monthly("định kỳ hằng tháng"), []],
    ["Hằng tháng, báo cáo tiến độ", null, monthly("Hằng tháng"), []],
    ["hằng tháng", null, monthly("hằng tháng"), []],
    ["báo cáo trước ngày 15 hằng tháng", 2022, monthly("trước ngày 15 hằng tháng", 15), []],
    ["định kỳ hằng tháng (trước ngày 25)", null, monthly("định kỳ hằng tháng (trước ngày 25)", 25), []],
    // horizon: a span that belongs to the task itself
    ["phấn đấu đến năm 2025, tỷ lệ hồ sơ đạt 100%.", null, horizon("2025-12-31", "phấn đấu đến năm 2025"), []],
    ["Đẩy nhanh các dự án, hoàn thành trong giai đoạn 2021 - 2025, như:", null, horizon("2025-12-31", "hoàn thành trong giai đoạn 2021 - 2025"), []],
    ["Rà soát hồ sơ. Đến năm 2025, tỷ lệ hồ sơ trực tuyến đạt 100%.", null, horizon("2025-12-31", "Đến năm 2025"), []],
    ["- Giai đoạn 2026–2030, thành lập mới 20.000 doanh nghiệp.", null, horizon("2030-12-31", "Giai đoạn 2026–2030"), []],
    ["Triển khai trong giai đoạn 2026-2030.", null, horizon("2030-12-31", "Triển khai trong giai đoạn 2026-2030"), []],
    // conditional
    ["xây dựng Đề án sau khi Bộ Kế hoạch và Đầu tư có hướng dẫn.", null, conditional("sau khi Bộ Kế hoạch và Đầu tư có hướng dẫn"), []],
    ["công bố Quy hoạch sau khi được Thủ tướng Chính phủ phê duyệt, tạo thuận lợi", null, conditional("sau khi được Thủ tướng Chính phủ phê duyệt"), []],
    ["thoái vốn theo lộ trình của Bộ Tài chính; báo cáo", null, conditional("theo lộ trình của Bộ Tài chính"), []],
    ["triển khai khi có hướng dẫn của Bộ Nội vụ.", null, conditional("khi có hướng dẫn của Bộ Nội vụ"), []],
    // none
    ["thường xuyên theo dõi thị trường", null, none("thường xuyên"), []],
    ["kịp thời tháo gỡ vướng mắc", null, none("kịp thời"), []],
    ["báo cáo UBND tỉnh vào thời điểm phù hợp.", null, none("vào thời điểm phù hợp"), []],
    ["xử lý vi phạm theo quy định.", null, none("theo quy định"), []],
    ["Tham mưu các giải pháp phát triển du lịch.", null, none(null), []],
    ["", null, none(null), []],
  ];
  it.each(rows)("%s (year %s)", (text, year, deadline, unrecognized) => {
    expect(read(text, year)).toEqual({ deadline, unrecognized });
  });
});

describe("extractDeadline: traps that are not deadlines", () => {
  const rows: Row[] = [
    ["triển khai Đề án sắp xếp đơn vị sự nghiệp giai đoạn 2021 - 2025.", null, none(null), []],
    ["trình phê duyệt Quy hoạch tỉnh Thanh Hóa thời kỳ 2021 - 2030, tầm nhìn đến năm 2045.", null, none(null), []],
    ["Chiến lược tài chính toàn diện quốc gia đến năm 2025, định hướng đến năm 2030.", null, none(null), []],
    ["Chương trình hỗ trợ khởi nghiệp giai đoạn 2021-2025, phấn đấu thành lập ít nhất 30 doanh nghiệp.", null, none(null), []],
    ["thực hiện Quyết định số 4667/QĐ-UBND ngày 21/11/2021 của UBND tỉnh", 2022, none(null), []],
    ["Nghị quyết số 214/2022/NQ-HĐND ngày  13/4/2022 của HĐND tỉnh", 2022, none(null), []],
    ["Kèm theo Quyết định số 1861/QĐ-UBND ngày 30 tháng 5 năm 2022", null, none(null), []],
    ["giảm tỷ trọng chi thường xuyên", null, none(null), []],
    ["kế hoạch đầu tư công hằng năm của tỉnh", null, none(null), []],
    ["hoàn thành ở mức cao nhất dự toán thu ngân sách hằng năm.", null, none(null), []],
    ["Kế hoạch hỗ trợ phát triển doanh nghiệp hằng năm, nhằm góp phần", null, none(null), []],
    ["tổ chức tốt các phiên giao dịch việc làm định kỳ tại Trung tâm", null, none(null), []],
    ["Thường xuyên rà soát, tháo gỡ khó khăn", null, none("Thường xuyên"), []],
    ["tăng bình quân hằng năm 11% trở lên", null, none(null), []],
    ["triển khai theo hướng dẫn của Văn phòng Chính phủ.", null, none(null), []],
    ["kịp thời thanh tra khi có dấu hiệu vi phạm pháp luật", null, none("kịp thời"), []],
    ["báo cáo quý I của các đơn vị", null, none(null), []],
    ["hỗ trợ Quỹ vì người nghèo", null, none(null), []],
    ["Rà soát. Năm 2021 tỉnh đã thu hút 200 dự án.", null, none(null), []],
  ];
  it.each(rows)("%s", (text, year, deadline, unrecognized) => {
    expect(read(text, year)).toEqual({ deadline, unrecognized });
  });
});

describe("extractDeadline: how the text is written", () => {
  const rows: Row[] = [
    ["truoc ngay 15/12/2025", null, date("2025-12-15", "truoc ngay 15/12/2025"), []],
    ["bao cao quy IV/2026", null, date("2026-12-31", "quy IV/2026"), []],
    ["bao cao trong thang 7 nam 2022", null, date("2022-07-31", "trong thang 7 nam 2022"), []],
    ["dinh ky hang nam bao cao", null, annual("dinh ky hang nam"), []],
    ["DINH KY HANG NAM (TRUOC NGAY 30/11)", null, annual("DINH KY HANG NAM (TRUOC NGAY 30/11)", 11, 30), []],
    ["phan dau den nam 2025, ty le dat 100%", null, horizon("2025-12-31", "phan dau den nam 2025"), []],
    ["TRƯỚC NGÀY 15/12/2025", null, date("2025-12-15", "TRƯỚC NGÀY 15/12/2025"), []],
    ["định kì hằng quý", null, quarterly("định kì hằng quý"), []],
    // decomposed letters and doubled spaces: the phrase comes back composed and collapsed
    ["báo cáo   trước ngày  15/12/2025".normalize("NFD"), null, date("2025-12-15", "trước ngày 15/12/2025"), []],
    ["Quý IV năm 2022".normalize("NFD"), null, date("2022-12-31", "Quý IV năm 2022"), []],
    [`${"định kỳ ".normalize("NFD")}hằng năm\u00a0(trước\tngày 30/11)`, null, annual("định kỳ hằng năm (trước ngày 30/11)", 11, 30), []],
  ];
  it.each(rows)("%s", (text, year, deadline, unrecognized) => {
    expect(read(text, year)).toEqual({ deadline, unrecognized });
  });
});

describe("extractDeadline: calendar and invalid dates", () => {
  const rows: Row[] = [
    ["trước ngày 29/02/2024", null, date("2024-02-29", "trước ngày 29/02/2024"), []],
    ["trong tháng 2 năm 2024", null, date("2024-02-29", "trong tháng 2 năm 2024"), []],
    ["trong tháng 2 năm 2023", null, date("2023-02-28", "trong tháng 2 năm 2023"), []],
    ["tháng 2/2100", null, date("2100-02-28", "tháng 2/2100"), []],
    ["tháng 2/2000", null, date("2000-02-29", "tháng 2/2000"), []],
    ["trước ngày 29/02/2023", null, none(null), ["trước ngày 29/02/2023"]],
    ["hoàn thành trước ngày 31/02/2023.", null, none(null), ["trước ngày 31/02/2023"]],
    ["báo cáo tháng 13 năm 2022", null, none(null), ["tháng 13 năm 2022"]],
    ["hoàn thành trong Quý V", 2022, none(null), ["trong Quý V"]],
    ["trước ngày 15/12/25", null, none(null), ["trước ngày 15/12/25"]],
    ["hằng năm (trước ngày 30/2)", null, none(null), ["hằng năm (trước ngày 30/2)"]],
    // a 6-monthly cadence is a kind of its own (semiannual); other counts of months are not read
    ["định kỳ 6 tháng báo cáo", null, { kind: "semiannual", phrase: "định kỳ 6 tháng" }, []],
    ["định kỳ 2 tháng báo cáo", null, none(null), ["định kỳ 2 tháng"]],
    ["trước ngày 31/04/2023; báo cáo trong năm 2023", null, date("2023-12-31", "trong năm 2023"), ["trước ngày 31/04/2023"]],
  ];
  it.each(rows)("%s", (text, year, deadline, unrecognized) => {
    expect(read(text, year)).toEqual({ deadline, unrecognized });
  });
});

describe("extractDeadline: precedence when a text holds several", () => {
  const rows: Row[] = [
    ["Hoàn thành trong Quý I/2023; định kỳ hằng năm báo cáo", null, date("2023-03-31", "trong Quý I/2023"), []],
    ["định kỳ hằng quý báo cáo; phấn đấu đến năm 2025 đạt", null, quarterly("định kỳ hằng quý"), []],
    ["phấn đấu đến năm 2025; sau khi có hướng dẫn của Bộ", null, horizon("2025-12-31", "phấn đấu đến năm 2025"), []],
    ["sau khi được phê duyệt, thường xuyên kiểm tra", null, conditional("sau khi được phê duyệt"), []],
    ["thường xuyên theo dõi; báo cáo vào thời điểm phù hợp", null, none("vào thời điểm phù hợp"), []],
    // two dates: the one closest to the end of the text, without a warning
    ["hoàn thành trước ngày 30/6/2023; báo cáo trước ngày 15/7/2023", null, date("2023-07-15", "trước ngày 15/7/2023"), []],
    ["báo cáo trước ngày 15/7/2023; hoàn thành trước ngày 30/6/2023", null, date("2023-06-30", "trước ngày 30/6/2023"), []],
  ];
  it.each(rows)("%s", (text, year, deadline, unrecognized) => {
    expect(read(text, year)).toEqual({ deadline, unrecognized });
  });
});

/**
 * Whole tasks quoted from seeds/qd-1861-2022-thanh-hoa.txt (line numbers of that file), read
 * with the plan's year. Line 144 is quoted as received, with its decomposed letters.
 */
const PLAN_LINES: Array<[number, string, Deadline]> = [
  [
    47,
    "- Tổ chức triển khai thực hiện có hiệu quả kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025 và kế hoạch đầu tư công hằng năm của tỉnh; các dự án được bố trí vốn từ nguồn ngân sách Trung ương thuộc Chương trình phục hồi và phát triển kinh tế - xã hội theo Nghị quyết số 43/2022/QH15 của Quốc hội và Nghị quyết số 11/NQ-CP ngày 30/01/2022 của Chính phủ theo quy định.",
    none("theo quy định"),
  ],
  [
    59,
    "- Tham mưu tổ triển khai thực hiện hiệu quả Nghị quyết số 176/2021/NQ-HĐND tỉnh ngày 10/12/2021 của HĐND tỉnh về quy định phân cấp nguồn thu, nhiệm vụ chi, tỷ lệ phần trăm (%) phân chia nguồn thu giữa các cấp ngân sách địa phương giai đoạn 2022 - 2025; Nghị quyết số 177/2021/NQ-HĐND tỉnh ngày 10/12/2021 của HĐND tỉnh về nguyên tắc, tiêu chí và định mức phân bổ dự toán chi thường xuyên ngân sách địa phương tỉnh năm 2022 và ổn định đến năm 2025.",
    none(null),
  ],
  [
    61,
    "- Triệt để thực hành tiết kiệm, chống lãng phí trong chi tiêu ngân sách; quản lý chặt chẽ tài sản công. Tham mưu các giải pháp cơ cấu lại chi ngân sách nhà nước theo hướng bền vững, tăng tỷ trọng chi đầu tư phát triển, giảm tỷ trọng chi thường xuyên, hỗ trợ thực hiện có hiệu quả các mục tiêu phát triển kinh tế - xã hội; thực hiện nghiêm nguyên tắc chỉ vay nợ cho chi đầu tư phát triển.",
    none(null),
  ],
  [
    64,
    "Ngân hàng Nhà nước chi nhánh Thanh Hóa chỉ đạo các tổ chức tín dụng trên địa bàn tỉnh phát triển mạnh các sản phẩm, dịch vụ tài chính ngân hàng, mở rộng mạng lưới hoạt động, đặc biệt là địa bàn nông thôn, nhằm nâng cao khả năng tiếp cận vốn, dịch vụ ngân hàng, đáp ứng nhu cầu phát triển sản xuất kinh doanh, nhu cầu đời sống của người dân, doanh nghiệp. Thực hiện các giải pháp đẩy mạnh huy động vốn để mở rộng cho vay có hiệu quả, nhất là lĩnh vực sản xuất kinh doanh phục vụ phát triển kinh tế địa phương. Kiểm soát rủi ro, nâng cao chất lượng tín dụng của các Tổ chức tín dụng trên địa bàn, kiểm soát nợ xấu, hạn chế tối đa nợ xấu phát sinh, đảm bảo an toàn hoạt động. Triển khai thực hiện Quyết định số 149/QĐ-TTg ngày 22/01/2020 của Thủ tướng Chính phủ về phê duyệt Chiến lược tài chính toàn diện quốc gia đến năm 2025, định hướng đến năm 2030. Thực hiện nghiêm, kịp thời, đầy đủ các cơ chế, chính sách về tiền tệ, tín dụng và ngân hàng.",
    none("kịp thời"),
  ],
  [
    68,
    "- Tham mưu xây dựng kế hoạch giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập cấp tỉnh giai đoạn 2022 - 2025, mục tiêu đến năm 2030; Đề án thực hiện cơ chế tự chủ, tự chịu trách nhiệm đối với đơn vị sự nghiệp công lập do tỉnh quản lý, báo cáo UBND tỉnh trong tháng 7 năm 2022.",
    date("2022-07-31", "trong tháng 7 năm 2022"),
  ],
  [
    70,
    "b) Sở Nội vụ chủ trì, phối hợp với các đơn vị liên quan tham mưu triển khai thực hiện có hiệu quả Quyết định số 4667/QĐ-UBND ngày 21/11/2021 của UBND tỉnh về phê duyệt Đề án sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập thuộc tỉnh quản lý giai đoạn 2021-2025.",
    none(null),
  ],
  [
    71,
    "c) Văn phòng UBND tỉnh nghiên cứu tham mưu xây dựng Đề án thực hiện thí điểm chuyển giao một số nhiệm vụ và dịch vụ hành chính công mà Nhà nước không nhất thiết phải thực hiện cho doanh nghiệp, các tổ chức xã hội đảm nhiệm theo hướng dẫn của Văn phòng Chính phủ.",
    none(null),
  ],
  [
    82,
    "- Tham mưu đề nghị Bộ Tài nguyên và Môi trường ban hành bổ sung thêm một số thủ tục hành chính về đất đai nhằm tháo gỡ những khó khăn, vướng mắc đang tồn tại và đẩy mạnh công tác đăng ký, cấp Giấy chứng nhận; tăng cường công tác cải cách thủ tục hành chính, ứng dụng các công nghệ số trong việc quản lý hồ sơ địa chính, đăng ký, cấp Giấy chứng nhận cho người dân; hoàn thành trước ngày 06/6/2022.",
    date("2022-06-06", "trước ngày 06/6/2022"),
  ],
  [
    86,
    "- Tiếp tục cập nhật dữ liệu, hoàn thiện hệ thống thông tin thị trường lao động, nâng cao hiệu quả kết nối cung - cầu lao động; củng cố và nâng cao chất lượng hoạt động của các tổ chức cung cấp dịch vụ việc làm, chỉ đạo tổ chức tốt các phiên giao dịch việc làm định kỳ tại Trung tâm Dịch vụ việc làm và phiên lưu động tại các huyện, thị xã, thành phố, tạo thuận lợi cho người tìm việc và người tuyển dụng lao động. Xây dựng, đưa vào vận hành Hệ thống phần mềm Quản lý lao động - việc làm và sàn giao dịch việc làm trên địa bàn tỉnh; báo cáo UBND tỉnh trong tháng 11 năm 2022.",
    date("2022-11-30", "trong tháng 11 năm 2022"),
  ],
  [
    100,
    "- Tham mưu tổ chức triển khai thực hiện hiệu quả Quyết định số 3487/QĐ-UBND ngày 07/9/2021 của UBND tỉnh phê duyệt Đề án phát triển doanh nghiệp tỉnh Thanh Hóa giai đoạn 2021 - 2025; Nghị quyết số 214/2022/NQ-HĐND ngày  13/4/2022 của HĐND tỉnh về việc ban hành chính sách hỗ trợ phát triển doanh nghiệp trên địa bàn tỉnh Thanh Hóa giai đoạn 2022 - 2026; Kế hoạch hỗ trợ phát triển doanh nghiệp hằng năm, nhằm góp phần phát triển doanh nghiệp cả về số lượng và chất lượng, gắn với nâng cao hiệu quả sản xuất kinh doanh của doanh nghiệp theo hướng bền vững.",
    none(null),
  ],
  [
    101,
    "- Tập trung nâng cao chất lượng thực hiện các thủ tục hành chính theo hướng chủ động phục vụ và thuận lợi cho doanh nghiệp; phấn đấu đến năm 2025, tỷ lệ hồ sơ đăng ký doanh nghiệp sử dụng dịch vụ công trực tuyến mức độ 4 đạt 100%. Đẩy mạnh hoạt động hỗ trợ, tư vấn, khuyến khích các hộ kinh doanh đăng ký chuyển đổi thành doanh nghiệp.",
    horizon("2025-12-31", "phấn đấu đến năm 2025"),
  ],
  [
    102,
    "- Tham mưu cho Chủ tịch UBND tỉnh tiếp và đối thoại với doanh nghiệp định kỳ hằng tháng để giải quyết các khó khăn, vướng mắc cho doanh nghiệp trong quá trình đầu tư, sản xuất, kinh doanh trên địa bàn tỉnh.",
    monthly("định kỳ hằng tháng"),
  ],
  [
    104,
    "- Triển khai có hiệu quả Chương trình hỗ trợ phát triển doanh nghiệp khoa học và công nghệ và hệ sinh thái khởi nghiệp, đổi mới sáng tạo tỉnh Thanh Hóa giai đoạn 2021 - 2025, phấn đấu thành lập ít nhất 30 doanh nghiệp khoa học công nghệ. Tham mưu kiện toàn tổ chức và hoạt động của Quỹ phát triển khoa học và công nghệ Thanh Hóa, đảm bảo hoạt động hiệu lực, hiệu quả.",
    none(null),
  ],
  [
    128,
    "- Đấu mối, phối hợp chặt chẽ với các Bộ, ngành Trung ương để hoàn chỉnh, trình Thủ tướng Chính phủ phê duyệt Quy hoạch tỉnh Thanh Hóa thời kỳ 2021 - 2030, tầm nhìn đến năm 2045. Tham mưu tổ chức công bố và triển khai thực hiện Quy hoạch tỉnh Thanh Hóa thời kỳ 2021 - 2030, tầm nhìn đến năm 2045 sau khi được Thủ tướng Chính phủ phê duyệt, tạo thuận lợi cho các cơ quan, đơn vị, tổ chức, cá nhân, doanh nghiệp, nhà đầu tư dễ dàng tiếp cận, nắm bắt các thông tin, định hướng quy hoạch, phục vụ việc nghiên cứu, tìm hiểu đầu tư, sản xuất, kinh doanh trên địa bàn.",
    conditional("sau khi được Thủ tướng Chính phủ phê duyệt"),
  ],
  [
    129,
    "- Tham mưu các giải pháp đẩy mạnh triển khai thực hiện có hiệu quả Nghị quyết số 58-NQ/TW ngày 05/8/2020 của Bộ Chính trị về xây dựng và phát triển tỉnh Thanh Hóa đến năm 2030, tầm nhìn đến năm 2045; Nghị quyết số 37/2021/QH15 ngày 13/11/2021 của Quốc hội về thí điểm một số cơ chế, chính sách đặc thù phát triển tỉnh Thanh Hóa, phấn đấu đến năm 2025, trong nhóm các tỉnh, thành phố dẫn đầu cả nước - một cực tăng trưởng mới, cùng Hà Nội, Hải Phòng và Quảng Ninh tạo thành tứ giác phát triển ở phía Bắc của Tổ quốc.",
    horizon("2025-12-31", "phấn đấu đến năm 2025"),
  ],
  [
    144,
    "- Tham mưu tổ chức triển khai thực hiện có hiệu quả Quyết định số 255/QĐ-TTg ngày 25/02/2021 của Thủ tướng Chính phủ về việc phê duyệt Kế hoạch cơ cấu lại ngành nông nghiệp giai đoạn 2021 - 2025; các Nghị quyết của Ban Chấp hành Đảng bộ tỉnh: số 16-NQ/TU ngày 20/4/2015 về tái cơ cấu ngành nông nghiệp đến năm 2020, định hướng đến năm 2025 theo hướng nâng cao năng suất, chất lượng, hiệu quả, khả năng cạnh tranh và phát triển bền vững; số 13-NQ/TU ngày 11/01/2019 về tích tụ, tập trung đất đai để sản xuất nông nghiệp quy mô lớn, công nghệ cao đến năm 2025, định hướng đến năm 2030; các Nghị quyết của HĐND tỉnh: số 185/2021/NQ-HĐND ngày 10/12/2021 về chính sách phát triển nông nghiệp, nông thôn, nông dân trên địa bàn tỉnh Thanh Hóa, giai đoạn 2022 - 2025; số 385/2021/NQ-HĐND ngày 26/4/2021 về ban hành cơ chế, chính sách hỗ trợ phát triển cây gai xanh nguyên liệu trên địa bàn tỉnh Thanh Hóa giai đoạn 2021 - 2023; Đề án phát triển các sản phẩm nông nghiệp chủ lực tỉnh Thanh Hóa, giai đoạn 2021 - 2025, định hướng đến năm 2030; Đề án phát triển cây ăn quả tập trung trên địa bàn tỉnh Thanh Hóa đến năm 2025, định hướng đến năm 2030… Tham mưu xây dựng Đề án phát triển nông nghiệp hữu cơ tỉnh Thanh Hóa giai đoạn 2022 - 2030, báo cáo UBND tỉnh Quý IV năm 2022.",
    date("2022-12-31", "Quý IV năm 2022"),
  ],
  [
    147,
    "- Đổi mới và nâng cao hiệu quả hoạt động của các hình thức tổ chức sản xuất nông nghiệp. Đẩy mạnh liên kết giữa 4 nhà “Nhà nước - Nhà nông -  Nhà khoa học - Nhà doanh nghiệp” trong sản xuất, chế biến, tiêu thụ sản phẩm nông nghiệp, trong đó doanh nghiệp giữ vai trò nòng cốt định hướng sản xuất, ứng dụng khoa học công nghệ, hỗ trợ đầu vào và thu mua sản phẩm cho nông dân, từng bước tiến tới xây dựng thương hiệu sản phẩm nông sản. Tăng cường áp dụng tiến bộ khoa học kỹ thuật, công nghệ cao thân thiện với môi trường; đẩy mạnh áp dụng cơ giới hóa đồng bộ ở tất cả các khâu sản xuất, bảo quản, chế biến nông sản, phù hợp với điều kiện từng vùng, từng loại cây trồng, vật nuôi. Đẩy nhanh tiến độ thực hiện các dự án chăn nuôi, sản xuất thức ăn, chế biến nông sản, hoàn thành trong giai đoạn 2021 - 2025, như: Khu liên hợp sản xuất, chăn nuôi công nghệ cao Xuân Thiện Thanh Hóa 1; Dự án chăn nuôi lợn giống và thương phẩm, ứng dụng công nghệ cao DABACO Thanh Hóa; Dự án chăn nuôi bò sữa quy mô công nghiệp tại tỉnh Thanh Hóa…",
    horizon("2025-12-31", "hoàn thành trong giai đoạn 2021 - 2025"),
  ],
  [
    155,
    "- Tập trung đẩy mạnh phát triển ngành công nghiệp theo hướng kết hợp hài hòa cả chiều rộng và chiều sâu, trong đó trọng tâm là công nghiệp nặng, công nghiệp năng lượng và công nghiệp chế biến, chế tạo; phát triển hợp lý các ngành công nghiệp sử dụng nhiều lao động; đổi mới công nghệ, nâng cao năng lực cạnh tranh của các ngành công nghiệp truyền thống; ưu tiên thu hút một số ngành công nghiệp mới, công nghệ cao, năng lượng tái tạo để tạo ra các động lực tăng trưởng mới. Đẩy mạnh phát triển các ngành công nghiệp hỗ trợ, từng bước hình thành và phát triển một số cụm liên kết các ngành công nghiệp chủ lực của tỉnh. Tham mưu xây dựng Đề án đổi mới công nghệ, thiết bị trong ngành khai khoáng trên địa bàn tỉnh Thanh Hóa, báo cáo UBND tỉnh trong năm 2023.",
    date("2023-12-31", "trong năm 2023"),
  ],
  [
    160,
    "c) Sở Tài nguyên và Môi trường chủ trì, phối hợp với các đơn vị liên quan tham mưu xây dựng Đề án di dời các cơ sở sản xuất gây ô nhiễm môi trường trong khu đô thị, khu dân cư vào các khu công nghiệp, cụm công nghiệp, khu sản xuất tập trung trên địa bàn tỉnh Thanh Hóa; báo cáo UBND tỉnh trước tháng 12 năm 2022.",
    date("2022-11-30", "trước tháng 12 năm 2022"),
  ],
  [
    163,
    "a) Các sở, ban, ngành, đơn vị cấp tỉnh, UBND các huyện, thị xã, thành phố theo chức năng, nhiệm vụ được giao tổ chức thực hiện có hiệu quả Quyết định số 4437/QĐ-UBND ngày 11/12/2014 của UBND tỉnh về phê duyệt Đề án tái cơ cấu và phát triển các ngành dịch vụ tỉnh Thanh Hóa đến năm 2020, định hướng đến năm 2025; Kế hoạch số 144/KH-UBND ngày 30/6/2020 của UBND tỉnh về cơ cấu lại nền ngành dịch vụ đến năm 2020, định hướng đến năm 2025 trên địa bàn tỉnh Thanh Hóa, trọng tâm là phát triển 06 ngành dịch vụ trọng điểm (du lịch, vận tải, giáo dục và đào tạo, y tế, thông tin và truyền thông, kinh doanh bất động sản) và 08 sản phẩm dịch vụ chủ lực (dịch vụ văn hóa, du lịch biển, du lịch sinh thái, vui chơi giải trí; logistics; dịch vụ đào tạo chất lượng cao; dịch vụ khám chữa bệnh chất lượng cao; dịch vụ phần mềm công nghệ thông tin; dịch vụ nội dung số; dịch vụ ứng dụng, chuyển giao khoa học công nghệ).",
    none(null),
  ],
  [
    170,
    "- Tham mưu các giải pháp nhằm phát triển mạnh dịch vụ văn hóa, thể thao; nghiên cứu tham mưu xây dựng cơ chế, chính sách khuyến khích doanh nghiệp đào tạo nhân lực du lịch, nhất là nhân lực chất lượng cao; báo cáo UBND tỉnh vào thời điểm phù hợp.",
    none("vào thời điểm phù hợp"),
  ],
  [
    176,
    "g) Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các đơn vị liên quan tham mưu xây dựng Đề án phát triển kinh tế ban đêm trên địa bàn tỉnh sau khi Bộ Kế hoạch và Đầu tư và các Bộ, ngành liên quan có hướng dẫn các nội dung xây dựng Đề án kinh tế ban đêm theo nhiệm vụ được giao tại Điều 2 Quyết định số 1129/QĐ-TTg ngày 27/7/2020 của Thủ tướng Chính phủ về phê duyệt Đề án kinh tế ban đêm ở Việt Nam.",
    conditional("sau khi Bộ Kế hoạch và Đầu tư và các Bộ, ngành liên quan có hướng dẫn"),
  ],
  [
    183,
    "2. Giám đốc các Sở, Trưởng các ban, ngành, đơn vị cấp tỉnh, Chủ tịch UBND các huyện, thị xã, thành phố tăng cường kiểm tra, đôn đốc việc triển khai thực hiện Kế hoạch; định kỳ hằng năm (trước ngày 30/11), báo cáo Chủ tịch UBND tỉnh kết quả thực hiện; đồng thời, gửi báo cáo kết quả về Sở Kế hoạch và Đầu tư để theo dõi, tổng hợp.",
    annual("định kỳ hằng năm (trước ngày 30/11)", 11, 30),
  ],
  [
    184,
    "3. Giao Sở Kế hoạch và Đầu tư là cơ quan đầu mối, tổng hợp, đôn đốc, kiểm tra các sở, ban, ngành, đơn vị cấp tỉnh và UBND các huyện, thị xã, thành phố trong quá trình thực hiện nhiệm vụ, đảm bảo chất lượng và thời gian quy định; định kỳ hằng năm tổng hợp tình hình thực hiện và kiến nghị các biện pháp đảm bảo Kế hoạch được thực hiện đồng bộ, hiệu quả; báo cáo UBND tỉnh.",
    annual("định kỳ hằng năm"),
  ],
];

describe("extractDeadline: the real plan QĐ 1861/2022 Thanh Hóa", () => {
  it.each(PLAN_LINES)("line %i", (_line, text, deadline) => {
    expect(extractDeadline(text, { year: 2022 })).toEqual({ deadline, unrecognized: [] });
  });

  it("quotes the seed file verbatim", () => {
    const seed = readFileSync(new URL("../../seeds/qd-1861-2022-thanh-hoa.txt", import.meta.url), "utf8");
    const lines = seed.split("\n");
    for (const [line, text] of PLAN_LINES) expect(lines[line - 1]?.trim()).toBe(text);
  });
});

describe("parseDeadlineCell", () => {
  const rows: Row[] = [
    ["Quý IV/2026", null, date("2026-12-31", "Quý IV/2026"), []],
    ["Tháng 12/2025", null, date("2025-12-31", "Tháng 12/2025"), []],
    ["12/2025", null, date("2025-12-31", "12/2025"), []],
    ["Tháng 12", 2024, date("2024-12-31", "Tháng 12"), []],
    ["Quý II", 2024, date("2024-06-30", "Quý II"), []],
    ["2023", null, date("2023-12-31", "2023"), []],
    ["Năm 2024", null, date("2024-12-31", "Năm 2024"), []],
    ["30/6/2023", null, date("2023-06-30", "30/6/2023"), []],
    ["Trước 30/6/2023", null, date("2023-06-30", "Trước 30/6/2023"), []],
    ["Trước ngày 15/12", 2025, date("2025-12-15", "Trước ngày 15/12"), []],
    ["Hằng năm", null, annual("Hằng năm"), []],
    ["Hàng quý", null, quarterly("Hàng quý"), []],
    ["hang thang", null, monthly("hang thang"), []],
    ["Hằng năm (trước 30/11)", null, annual("Hằng năm (trước 30/11)", 11, 30), []],
    ["Giai đoạn 2026–2030", null, horizon("2030-12-31", "Giai đoạn 2026–2030"), []],
    ["2021 - 2025", null, horizon("2025-12-31", "2021 - 2025"), []],
    ["Đến năm 2025", null, horizon("2025-12-31", "Đến năm 2025"), []],
    ["Thường xuyên", null, none("Thường xuyên"), []],
    ["Sau khi có hướng dẫn của Bộ", null, conditional("Sau khi có hướng dẫn của Bộ"), []],
    ["", null, none(null), []],
    ["   ", null, none(null), []],
    ["Tháng 12", null, none(null), ["Tháng 12"]],
    ["Trước 31/02/2023", null, none(null), ["Trước 31/02/2023"]],
    ["Quý V/2023", null, none(null), ["Quý V/2023"]],
    ["2030 - 2025", null, none(null), ["2030 - 2025"]],
    ["Khi nào xong", null, none(null), ["Khi nào xong"]],
    ["  Theo  kế hoạch ", null, none(null), ["Theo kế hoạch"]],
  ];
  it.each(rows)("%j (year %s)", (cell, year, deadline, unrecognized) => {
    expect(parseDeadlineCell(cell, year === null ? {} : { year })).toEqual({ deadline, unrecognized });
  });
});

describe("deadlines of the plans a province receives (practice plans of 2025)", () => {
  const semiannual = (phrase: string): Deadline => ({ kind: "semiannual", phrase });
  const rows: Row[] = [
    ["Thời gian hoàn thành: Tháng 11 - 12/2025.", 2025, date("2025-12-31", "Tháng 11 - 12/2025"), []],
    ["Thời hạn hoàn thành: Từ ngày 01/01/2026 đến ngày 31/3/2026.", 2025, date("2026-03-31", "đến ngày 31/3/2026"), []],
    ["thực hiện từ tháng 12/2025 đến hết tháng 6/2026", 2025, date("2026-06-30", "đến hết tháng 6/2026"), []],
    ["Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", 2025, none(null), ["Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê"]],
    ["Thường xuyên, hằng năm", 2025, annual("Thường xuyên, hằng năm"), []],
    [
      "Các bộ, ngành, địa phương định kỳ hằng năm gửi báo cáo Bộ Khoa học và Công nghệ tình hình triển khai trước ngày 15 tháng 12.",
      2025,
      annual("định kỳ hằng năm gửi báo cáo Bộ Khoa học và Công nghệ tình hình triển khai trước ngày 15 tháng 12", 12, 15),
      [],
    ],
    ["báo cáo định kỳ 6 tháng một lần", 2025, semiannual("định kỳ 6 tháng một lần"), []],
  ];
  it.each(rows)("%s", (text, year, deadline, unrecognized) => {
    expect(read(text, year)).toEqual({ deadline, unrecognized });
  });

  it("reads a time cell: a bare year, a month range, and a first due date repeated every year after it", () => {
    expect(parseDeadlineCell("Năm 2026", { year: 2025 }).deadline).toEqual(date("2026-12-31", "Năm 2026"));
    expect(parseDeadlineCell("Năm 2025 và các năm tiếp theo.", { year: 2025 }).deadline).toEqual(annual("Năm 2025 và các năm tiếp theo"));
    expect(parseDeadlineCell("Quý IV năm 2025 và các năm tiếp theo.", { year: 2025 }).deadline).toEqual(annual("Quý IV năm 2025 và các năm tiếp theo", 12, 31));
    expect(parseDeadlineCell("Tháng 11 - 12/2025", { year: 2025 }).deadline).toEqual(date("2025-12-31", "Tháng 11 - 12/2025"));
    expect(parseDeadlineCell("Thường xuyên, hằng năm", { year: 2025 }).deadline).toEqual(annual("Thường xuyên, hằng năm"));
  });

  it("keeps each cadence of one sentence, and a one-off task beside its yearly report", () => {
    const kinds = (text: string) => extractDeadlines(text, { year: 2025 }).map((d) => d.deadline);
    expect(kinds("Định kỳ hằng quý, hằng năm công bố kết quả đánh giá")).toEqual([quarterly("Định kỳ hằng quý"), annual("hằng năm")]);
    expect(kinds("báo cáo định kỳ hằng tháng, 6 tháng và hằng năm")).toEqual([monthly("định kỳ hằng tháng"), semiannual("6 tháng"), annual("hằng năm")]);
    expect(kinds("Hoàn thành trước ngày 30/6/2026. Định kỳ hằng năm báo cáo UBND tỉnh.")).toEqual([date("2026-06-30", "trước ngày 30/6/2026"), annual("Định kỳ hằng năm")]);
    expect(kinds("Hoàn thành trước ngày 30/6/2026.")).toEqual([date("2026-06-30", "trước ngày 30/6/2026")]);
  });
});
