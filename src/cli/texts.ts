/** Every sentence the CLI prints, in Vietnamese, in one place. */
import { formatVietnameseDate } from "../domain/local-date.js";
import type { Deadline } from "../plan/types.js";

export const usage = `Cách dùng: npm run cli -- <lệnh> [tùy chọn]   (hoặc: dondoc <lệnh> …)

Lệnh:
  import <tệp> [--dry-run] [--json]     đọc kế hoạch (.txt/.md); --dry-run chỉ đọc, không ghi
  agencies [--json]                     danh mục cơ quan
  tasks [--agency MÃ] [--json]          nhiệm vụ (của một cơ quan), hạn và trạng thái
  invite <MÃ_CƠ_QUAN|-> [--role focal|coordinator|admin] [--json]
                                        tạo lời mời (dùng một lần, 7 ngày)
  people [--json]                       danh sách người dùng
  people move <số> <MÃ_CƠ_QUAN>         chuyển người dùng sang cơ quan khác
  people off <số>                       ngừng tài khoản
  status [--agency MÃ] [--at <thời điểm ISO-8601>] [--json]
                                        tình hình thực hiện, như /status
  tick [--at <thời điểm ISO-8601>] [--json]
                                        một lượt nhắc việc, như thể đồng hồ chỉ thời điểm đó
  ladder <số thứ tự> [--days 30,14,7,1,0] [--monthly-days 5,0] [--overdue-every 3] [--reset] [--json]
                                        xem hoặc đặt lịch nhắc riêng của một nhiệm vụ
                                        (số ngày trước hạn; nhắc quá hạn cách mấy ngày); --reset: theo lịch chung
  report [--format xlsx|csv] [--out <tệp>] [--at <thời điểm ISO-8601>]
                                        xuất báo cáo tổng hợp ra Excel (mặc định) hoặc CSV;
                                        không có --out thì ghi bao-cao-<ngày>.<đuôi> vào thư mục hiện tại
  help                                  hướng dẫn này`;

export const cliTexts = {
  missingRef: () => `Thiếu số thứ tự nhiệm vụ (ví dụ IV.2).`,
  badDayList: (option: string, value: string) => `${option} "${value}" không hợp lệ: cần các số ngày cách nhau bởi dấu phẩy, ví dụ 14,7,3,1,0.`,
  ladderResetAlone: () => `--reset không đi cùng --days, --monthly-days hay --overdue-every.`,
  ladderOf: (ref: string, own: boolean) => `Nhiệm vụ ${ref}: ${own ? "lịch nhắc riêng" : "theo lịch nhắc chung"}`,
  ladderLine: (daysBefore: readonly number[], monthly: readonly number[], every: number, hour: number, minute: number) =>
    `  nhắc trước hạn ${daysBefore.join(", ")} ngày (hằng tháng: ${monthly.join(", ")} ngày); quá hạn: ngày làm việc kế tiếp rồi cứ ${every} ngày một lần; lúc ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}, chỉ ngày làm việc`,
  unknownCommand: (name: string) => `Lệnh "${name}" không có. Gõ "help" để xem các lệnh.`,
  noCommand: () => `Chưa nhập lệnh.`,
  badArguments: (detail: string) => `Tham số không hợp lệ: ${detail}`,
  missingFile: () => `Thiếu đường dẫn tệp kế hoạch: import <tệp>.`,
  missingAgency: () => `Thiếu mã cơ quan: invite <MÃ_CƠ_QUAN> [--role …] (dùng "-" cho điều phối viên, quản trị viên không thuộc cơ quan nào).`,
  tooManyArguments: (extra: string) => `Thừa tham số: ${extra}`,
  unknownAgency: (code: string) => `Không có cơ quan "${code}". Xem mã cơ quan bằng lệnh "agencies".`,
  configProblem: (detail: string) => `Cấu hình (.env) không hợp lệ:\n${detail}`,
  documentProblem: (file: string, line: number, message: string) => `${file}:${line}: ${message}`,
  failed: (message: string) => `Lỗi: ${message}`,
  dryRunSummary: (code: string, tasks: number, warnings: number) =>
    `Kế hoạch ${code}: đọc được ${tasks} nhiệm vụ, ${warnings} cảnh báo. (--dry-run: chưa ghi gì vào cơ sở dữ liệu)`,
  importSummary: (r: { code: string; created: number; updated: number; unchanged: number; removed: number; restored: number }) =>
    `Kế hoạch ${r.code}: ${r.created} nhiệm vụ mới, ${r.updated} sửa đổi, ${r.unchanged} không đổi, ${r.removed} không còn trong văn bản, ${r.restored} khôi phục.`,
  updatedLine: (ref: string, fields: string[]) => `  sửa đổi ${ref}: ${fields.join(", ")}`,
  removedLine: (ref: string) => `  không còn trong văn bản: ${ref} (giữ lại lịch sử, ngừng nhắc việc)`,
  unregisteredLine: (name: string) => `  cơ quan ngoài danh mục, giữ nguyên tên: ${name}`,
  warningLine: (line: number, message: string) => `  dòng ${line}: ${message}`,
  warningsHeader: (count: number) => `Cảnh báo (${count}):`,
  noTasks: () => `Không có nhiệm vụ nào.`,
  badRole: (role: string) => `Vai trò "${role}" không hợp lệ: focal, coordinator hoặc admin.`,
  noBotUsername: () => `Chưa lấy được tên bot (cần BOT_TOKEN và kết nối tới Bot API); đường dẫn dưới đây dùng <ten_bot>, hãy thay bằng tên bot.`,
  inviteCreated: (role: string, agency: string | null, expires: string) => `Lời mời ${role}${agency ? ` của ${agency}` : ""}, dùng một lần, hết hạn ${expires}:`,
  peopleUsage: () => `Cách dùng: people; people move <số> <MÃ_CƠ_QUAN>; people off <số>`,
  personMoved: (name: string, agency: string) => `Đã chuyển ${name} sang ${agency}.`,
  personOff: (name: string) => `Đã ngừng tài khoản của ${name}.`,
  badInstant: (text: string) => `Thời điểm "${text}" không hợp lệ; dùng ISO-8601, ví dụ 2026-11-30T08:00:00+07:00.`,
  statusHeader: (date: string) => `Tình hình thực hiện, tính đến ${date}:`,
  tickNeedsToken: () => `Lệnh tick gửi nhắc việc qua Bot API nên cần BOT_TOKEN (và TELEGRAM_API_ROOT nếu dùng máy chủ riêng).`,
  tickSummary: (at: string, sent: number, skipped: number, failed: number) => `Lượt nhắc việc lúc ${at}: đã gửi ${sent}, bỏ qua ${skipped}, lỗi ${failed}.`,
  tickSent: () => "đã gửi:",
  locked: (pid: number, host: string) => `Một tiến trình dondoc khác (pid ${pid} trên ${host}) đang chạy trên cùng cơ sở dữ liệu; hãy dừng nó trước.`,
  tickFailed: () => "lỗi:",
  count: (n: number) => `${n} dòng.`,
  badReportFormat: (format: string) => `Định dạng "${format}" không hợp lệ: xlsx hoặc csv.`,
  reportUsage: () => `Cách dùng: report [--format xlsx|csv] [--out <tệp>] [--at <thời điểm ISO-8601>]`,
  reportWritten: (file: string, assignments: number) => `Đã ghi báo cáo (${assignments} dòng nhiệm vụ): ${file}`,
} as const;

export const headers = {
  agencies: ["Mã", "Tên cơ quan", "Loại"],
  tasks: ["Số TT", "Chủ trì", "Hạn", "Còn lại", "Trạng thái", "Nội dung"],
  parsed: ["Số TT", "Dòng", "Chủ trì", "Thời hạn", "Nội dung"],
  people: ["Số", "Tên", "Cơ quan", "Vai trò", "Trạng thái"],
  status: ["Mã", "Cơ quan", "Đúng hạn", "HT quá hạn", "Trong hạn", "Quá hạn", "Không hạn"],
};

export { roleLabels, statusLabels } from "../texts/labels.js";

export const kindLabels: Record<string, string> = {
  department: "Sở",
  board: "Ban",
  bank: "Ngân hàng",
  center: "Trung tâm",
  office: "Văn phòng",
  inspectorate: "Thanh tra",
  union: "Liên minh",
  branch: "Cơ quan Trung ương tại tỉnh",
  district: "Cấp huyện",
  unregistered: "Ngoài danh mục",
};

export function deadlineLabel(deadline: Deadline): string {
  switch (deadline.kind) {
    case "date":
      return formatVietnameseDate(deadline.date);
    case "horizon":
      return `đến ${formatVietnameseDate(deadline.date)}`;
    case "annual":
      return deadline.month && deadline.day ? `hằng năm, ${deadline.day}/${deadline.month}` : "hằng năm";
    case "quarterly":
      return "hằng quý";
    case "monthly":
      return deadline.day ? `hằng tháng, ngày ${deadline.day}` : "hằng tháng";
    case "conditional":
      return "có điều kiện";
    case "none":
      return "không có hạn";
  }
}

export function daysLeftLabel(days: number | null): string {
  if (days === null) return "";
  if (days === 0) return "hôm nay";
  return days > 0 ? `còn ${days} ngày` : `quá ${-days} ngày`;
}
