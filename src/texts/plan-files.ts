/**
 * What the plan-file readers say, in Vietnamese: one line per problem, the same for the CLI and
 * the bot (the CLI puts the file name in front).
 */
/** "50 MB", "1,5 MB", "800 KB" */
function sizeOfBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("vi-VN")} KB`;
}

export const planFileTexts = {
  notFound: () => "không tìm thấy tệp",
  isDirectory: () => "đây là thư mục, không phải tệp",
  noPermission: () => "không có quyền đọc tệp",
  tooLarge: (bytes: number | null, max: number) =>
    bytes === null ? `tệp quá lớn (hơn ${sizeOfBytes(max)}; tối đa ${sizeOfBytes(max)}), không đọc.` : `tệp quá lớn (${sizeOfBytes(bytes)}; tối đa ${sizeOfBytes(max)}), không đọc.`,
  unzipsTooLarge: (max: number) => `tệp Word/Excel khi giải nén lớn hơn ${sizeOfBytes(max)} (có thể là tệp độc hại), không đọc.`,
  empty: () => "tệp trống, không có nội dung nào để đọc.",
  notText: () => "tệp không phải văn bản UTF-8, Word (.docx), PDF hay Excel (.xlsx); hãy gửi kế hoạch dưới một trong các dạng đó.",
  corruptDocx: () => "tệp Word (.docx) bị hỏng hoặc không đúng định dạng, không đọc được; hãy mở bằng Word, lưu lại dưới dạng .docx rồi gửi lại.",
  corruptPdf: () => "tệp PDF bị hỏng hoặc không đúng định dạng, không đọc được.",
  encryptedPdf: () => "tệp PDF có mật khẩu, không đọc được; hãy gửi bản không đặt mật khẩu.",
  scannedPdf: () => "tệp PDF là bản chụp (không có lớp chữ), không đọc được nội dung; hãy gửi bản Word (.docx) hoặc PDF xuất từ Word.",
  corruptXlsx: () => "tệp Excel (.xlsx) bị hỏng hoặc không đúng định dạng, không đọc được.",
  otherZip: () => "tệp nén này không phải tệp Word (.docx) hay Excel (.xlsx).",
  legacyOffice: () => "tệp Word/Excel định dạng cũ (.doc/.xls) không đọc được; hãy lưu lại dưới dạng .docx hoặc .xlsx.",
  notPlan: (reasons: readonly string[]) => `văn bản này không giống một kế hoạch: ${reasons.join("; ")}. Không nhập gì. (Nếu đúng là kế hoạch, thêm --force để nhập.)`,
  notPlanInChat: (reasons: readonly string[]) => `Văn bản này không giống một kế hoạch: ${reasons.join("; ")}. Không nhập gì.`,
} as const;

/** Why a document does not look like a plan, one phrase per missing sign (plan-detect.ts). */
export const notPlanReasons = {
  header: "không có phần đầu văn bản (cơ quan ban hành, số hiệu, quốc hiệu)",
  title: "không có tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH, CHƯƠNG TRÌNH…)",
  parts: "không có các phần đánh số La Mã (I, II, III…) hay bảng nhiệm vụ",
  agencies: "không nhiệm vụ nào giao cho một cơ quan (Sở…, UBND…, Ban…)",
} as const;

/** The review workbook (`import --review`): sheet names, headers and what reading it back says. */
export const reviewTexts = {
  tasksSheet: "Nhiệm vụ",
  planSheet: "Kế hoạch",
  headers: {
    ref: "Số TT",
    text: "Nội dung nhiệm vụ",
    lead: "Cơ quan chủ trì",
    coordinate: "Cơ quan phối hợp",
    deadline: "Thời hạn",
    phrase: "Thời hạn theo văn bản",
    warning: "Cảnh báo",
    section: "Mục",
    line: "Dòng trong văn bản",
    original: "Dữ liệu gốc (không sửa)",
  },
  planFields: { code: "Số hiệu", title: "Tên kế hoạch", issued: "Ngày ban hành", source: "Tệp gốc", tasks: "Số nhiệm vụ", help: "Cách sửa" },
  help: "Sửa cột Cơ quan chủ trì, Cơ quan phối hợp (nhiều cơ quan cách nhau bởi dấu ;) và cột Thời hạn (ngày dd/mm/yyyy, hoặc: hằng năm, 30/11; hằng quý; hằng tháng, ngày 5; đến 31/12/2026; có điều kiện; để trống nếu không có hạn), rồi nhập lại tệp này. Không sửa cột Số TT và cột Dữ liệu gốc.",
  deadlineLabels: {
    annual: "hằng năm",
    semiannual: "6 tháng một lần",
    quarterly: "hằng quý",
    monthly: "hằng tháng",
    horizon: "đến",
    conditional: "có điều kiện",
    day: "ngày",
  },
  notReview: () => 'tệp Excel này không phải bảng rà soát kế hoạch của dondoc (cần trang "Nhiệm vụ" và "Kế hoạch" do lệnh import --review tạo ra).',
  noCode: () => 'trang "Kế hoạch" không có số hiệu kế hoạch (ô B1).',
  cell: (row: number, column: string, header: string, problem: string) => `dòng ${row}, cột ${column} (${header}): ${problem}`,
  badDate: (text: string) => `"${text}" không phải ngày có thật; ghi ngày dạng dd/mm/yyyy, ví dụ 31/12/2026`,
  outOfWindow: (text: string, first: string, last: string) => `ngày ${text} nằm ngoài khoảng ${first} – ${last}`,
  badDeadline: (text: string) =>
    `không hiểu thời hạn "${text}"; ghi ngày dd/mm/yyyy, hoặc "hằng năm, 30/11", "hằng quý", "hằng tháng, ngày 5", "đến 31/12/2026", "có điều kiện", hoặc để trống`,
  noText: () => "thiếu nội dung nhiệm vụ",
  noRef: () => "thiếu số thứ tự nhiệm vụ",
  duplicateRef: (ref: string) => `số thứ tự ${ref} bị trùng với một dòng ở trên`,
  badOriginal: () => "dữ liệu gốc bị sửa hoặc hỏng; hãy lấy lại cột này từ tệp do dondoc tạo",
  noTasks: () => 'trang "Nhiệm vụ" không có nhiệm vụ nào',
  problems: (count: number) => `Bảng rà soát có ${count} lỗi, không nhập gì:`,
  unknownLead: (row: number, name: string) => `dòng ${row}: cơ quan "${name}" không có trong danh mục; giữ nguyên tên như đã ghi.`,
  corrected: (count: number) => `${count} chỗ sửa trong bảng rà soát được áp dụng.`,
} as const;
