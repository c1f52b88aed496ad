/** Every sentence of the annual consolidated report (.docx), in Vietnamese. */
import { formatVietnameseDate, parseLocalDate } from "../domain/local-date.js";

const date = formatVietnameseDate;

export const annualReportTexts = {
  author: "dondoc",
  issuerPlaceholder: "TÊN CƠ QUAN TỔNG HỢP",
  numberPlaceholder: "Số:        /BC-……",
  nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
  motto: "Độc lập - Tự do - Hạnh phúc",
  placeAndDate: (today: string) => {
    const { year, month, day } = parseLocalDate(today);
    return `……, ngày ${day} tháng ${month} năm ${year}`;
  },
  title: (year: number) => `Báo cáo tổng hợp kết quả thực hiện Kế hoạch hành động năm ${year}`,
  plan: (code: string, issuedOn: string | null, title: string) => `Văn bản số ${code}${issuedOn ? ` ngày ${date(issuedOn)}` : ""} ban hành ${title}`,
  asOf: (today: string) => `Số liệu tính đến ngày ${date(today)}.`,
  /** the addressee "Như trên" refers to: the plan's issuer, which the writer fills in */
  addressee: "Kính gửi: ………………………………………… (cơ quan ban hành Kế hoạch)",

  overviewHeading: "I. TÌNH HÌNH GỬI BÁO CÁO",
  overview: (t: { expected: number; submitted: number; onTime: number; late: number; missing: number }) =>
    `Số cơ quan, đơn vị phải báo cáo: ${t.expected}; đã gửi: ${t.submitted} (đúng hạn: ${t.onTime}, trễ hạn: ${t.late}); chưa gửi: ${t.missing}.`,
  noReportTask: "Kế hoạch không có nhiệm vụ báo cáo định kỳ hằng năm.",

  resultsHeading: "II. KẾT QUẢ BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
  taskHeading: (index: number, ref: string) => `${index}. Nhiệm vụ ${ref}`,
  taskDeadline: (phrase: string | null) => `Thời hạn theo Kế hoạch: ${phrase || "định kỳ hằng năm"}.`,
  columns: ["TT", "Cơ quan, đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng", "Tệp đính kèm"],
  due: (due: string | null, originalDue: string | null) => (due === null ? "Chưa có hạn" : originalDue ? `${date(due)} (gia hạn; hạn ban đầu ${date(originalDue)})` : date(due)),
  submittedOn: (on: string | null) => (on ? date(on) : "—"),
  timeliness: {
    on_time: () => "Đúng hạn",
    late: (days: number) => `Trễ hạn ${days} ngày`,
    pending: () => "Chưa gửi (còn hạn)",
    overdue: (days: number) => `Chưa gửi (quá hạn ${days} ngày)`,
  },
  files: (names: readonly string[], unnamed: number) =>
    [...names, ...(unnamed > 0 ? [names.length > 0 ? `và ${unnamed} tệp chưa rõ tên` : `${unnamed} tệp (chưa rõ tên)`] : [])].join("; ") || "—",
  contentsHeading: "Nội dung báo cáo",
  agencyLine: (index: number, name: string, code: string) => `${index}. ${name} (${code})`,
  entry: (on: string, text: string) => `${date(on)}: ${text}`,
  attachments: (files: string) => `Tệp đính kèm: ${files}`,
  noContents: "Chưa cơ quan, đơn vị nào gửi nội dung báo cáo.",

  missingHeading: "III. CÁC CƠ QUAN, ĐƠN VỊ CHƯA GỬI BÁO CÁO",
  missingLine: (index: number, name: string, ref: string | null, status: string) =>
    `${index}. ${name}${ref ? ` (nhiệm vụ ${ref})` : ""}: ${status.charAt(0).toLowerCase()}${status.slice(1)}.`,
  noneMissing: "Tất cả cơ quan, đơn vị đã gửi báo cáo.",

  assessmentHeading: "IV. ĐÁNH GIÁ, KIẾN NGHỊ",
  assessmentPlaceholder: "(Người lập báo cáo bổ sung nhận xét, đánh giá và kiến nghị.)",

  recipients: "Nơi nhận:",
  recipientLines: ["- Như trên;", "- Lưu: VT."],
  signer: "NGƯỜI LẬP BÁO CÁO",
  signHint: "(Ký, ghi rõ họ tên)",
};
