/** Every sentence the CLI prints, in Vietnamese, in one place. */
import { DATE_WINDOW, formatVietnameseDate } from "../domain/local-date.js";
import type { Deadline } from "../domain/deadline.js";

export const usage = `Cách dùng: npm run cli -- <lệnh> [tùy chọn]   (hoặc: dondoc <lệnh> …)

Lệnh:
  import <tệp> [--dry-run] [--force] [--json]
                                        đọc kế hoạch (.docx, .pdf có lớp chữ, .txt/.md, hoặc bảng rà soát .xlsx);
                                        --dry-run chỉ đọc, không ghi; --force: nhập cả văn bản không giống kế hoạch
  import --review <tệp> [--out <tệp.xlsx>] [--force]
                                        ghi kế hoạch đã đọc ra Excel để rà soát (sửa cơ quan chủ trì, thời hạn),
                                        rồi nhập lại bằng: import <tệp.xlsx>
  plans [--json]                        các kế hoạch đã nhập: mã, trạng thái, cơ quan ban hành, số nhiệm vụ,
                                        giao việc, đang mở, quá hạn
  plan close|archive|reopen <mã>        kết thúc (ngừng nhắc việc, giữ lịch sử), lưu trữ, hoặc mở lại kế hoạch
  plan code <mã> <mã_mới>               đổi mã ngắn của kế hoạch (dùng trong số thứ tự dạng 1861/III.1.1)
  plan remove <số hiệu>                 gỡ bỏ một kế hoạch cùng mọi nhiệm vụ, giao việc, kỳ, báo cáo của nó
  agencies [--json]                     danh mục cơ quan
  agencies --export <tệp.xlsx|tệp.csv>  xuất danh mục cơ quan ra Excel hoặc CSV
  agencies --import <tệp.xlsx|tệp.csv> [--dry-run] [--json]
                                        nhập danh mục: thêm cơ quan mới, sửa cơ quan đã có; không xóa
  agency add <MÃ> <loại> "<tên>" [--alias "<tên khác>"]… [--parent MÃ]
                                        thêm cơ quan (loại: department, board, center, …)
  agency rename|alias|unalias <MÃ> "<tên>"
                                        đổi tên (tên cũ thành tên gọi khác), thêm/bỏ tên gọi khác
  agency parent <MÃ> <MÃ_CẤP_TRÊN|->    đặt (hoặc bỏ) cơ quan cấp trên
  agency kind <MÃ> <loại>               đổi loại cơ quan
  merge <MÃ_CŨ> <MÃ_MỚI> --on <dd/mm/yyyy> [--source "<căn cứ>"] [--json]
                                        hợp nhất cơ quan cũ vào cơ quan mới từ ngày đó: chuyển nhiệm vụ
                                        chưa xong, phân công và người dùng; giữ nguyên lịch sử
  setlead <số thứ tự> <MÃ_MỚI> [--from MÃ_CŨ] [--json]
                                        giao lại cơ quan chủ trì (kỳ chưa xong chuyển theo, cùng hạn)
  coord add|remove <số thứ tự> <MÃ>     thêm hoặc bỏ cơ quan phối hợp
  tasks [--agency MÃ] [--plan MÃ] [--json]
                                        nhiệm vụ (của một cơ quan, một kế hoạch), hạn và trạng thái
  invite <MÃ_CƠ_QUAN|-> [--role focal|coordinator|admin] [--json]
                                        tạo lời mời (dùng một lần, 7 ngày)
  invites [--json]                      lời mời chưa dùng (số, cơ quan, vai trò, hạn, người tạo; không in mã)
  invite revoke <số>                    thu hồi một lời mời chưa dùng
  people [--json]                       danh sách người dùng
  people move <số> <MÃ_CƠ_QUAN>         chuyển người dùng sang cơ quan khác
  people off <số>                       ngừng tài khoản
  status [--agency MÃ] [--plan MÃ] [--at <thời điểm ISO-8601>] [--json]
                                        tình hình thực hiện, như /status
  tick [--at <thời điểm ISO-8601>] [--json]
                                        một lượt nhắc việc, như thể đồng hồ chỉ thời điểm đó
  ladder <số thứ tự> [--days 30,14,7,1,0] [--monthly-days 5,0] [--overdue-every 3] [--reset] [--json]
                                        xem hoặc đặt lịch nhắc riêng của một nhiệm vụ
                                        (số ngày trước hạn; nhắc quá hạn cách mấy ngày); --reset: theo lịch chung
  report [--format xlsx|csv] [--plan <mã>] [--out <tệp>] [--at <thời điểm ISO-8601>]
                                        xuất báo cáo tổng hợp ra Excel (mặc định) hoặc CSV;
                                        không có --out thì ghi bao-cao-<ngày>.<đuôi> vào thư mục hiện tại
  report annual [<năm>] [--out <tệp>] [--at <thời điểm ISO-8601>]
                                        báo cáo tổng hợp kết quả năm (Word .docx), mặc định năm hiện tại;
                                        không có --out thì ghi bao-cao-tong-hop-nam-<năm>.docx
  backup <tệp> [--force] [--json]       sao lưu cơ sở dữ liệu (an toàn khi dịch vụ đang chạy);
                                        --force: ghi đè tệp đã có
  doctor [--json]                       kiểm tra cấu hình, bot, cơ sở dữ liệu, hàng đợi gửi, người dùng
  help                                  hướng dẫn này`;

export const registryCliTexts = {
  badRegistryFile: (file: string) => `Tệp "${file}" phải có đuôi .xlsx hoặc .csv.`,
  noFile: (file: string) => `Không đọc được tệp "${file}".`,
  exported: (count: number, file: string) => `Đã xuất ${count} cơ quan ra ${file}.`,
  imported: (added: number, updated: number, unchanged: number, notInFile: number, dryRun: boolean) =>
    `Danh mục: ${added} cơ quan mới, ${updated} sửa đổi, ${unchanged} không đổi, ${notInFile} có trong cơ sở dữ liệu nhưng không có trong tệp (giữ nguyên).${dryRun ? " (--dry-run: chưa ghi gì vào cơ sở dữ liệu)" : ""}`,
  addedLine: (code: string) => `  thêm ${code}`,
  updatedLine: (code: string, fields: string[]) => `  sửa ${code}: ${fields.join(", ")}`,
  notInFile: (codes: string[]) => `  không có trong tệp (giữ nguyên): ${codes.join(", ")}`,
  mergesIgnored: (rows: string[]) => `  cột merged_into/merged_on ở dòng ${rows.join(", ")} khác cơ sở dữ liệu và được bỏ qua: hợp nhất bằng lệnh merge.`,
  fileProblem: (file: string, row: number, column: string | null, message: string) => `${file}: dòng ${row}${column ? `, cột ${column}` : ""}: ${message}`,
  agencyUsage: () =>
    `Cách dùng: agency add <MÃ> <loại> "<tên>" [--alias "<tên khác>"] [--parent MÃ]; agency rename|alias|unalias <MÃ> "<tên>"; agency parent <MÃ> <MÃ_CẤP_TRÊN|->; agency kind <MÃ> <loại>`,
  agencySaved: (code: string, name: string, aliases: string[]) => `Đã lưu ${code}: ${name}${aliases.length > 0 ? ` (tên gọi khác: ${aliases.join("; ")})` : ""}.`,
  mergeUsage: () => `Cách dùng: merge <MÃ_CŨ> <MÃ_MỚI> --on <dd/mm/yyyy> [--source "<căn cứ>"]`,
  badDate: (text: string) => `Ngày "${text}" không hợp lệ: gõ dd/mm/yyyy, ví dụ 01/03/2025.`,
  merged: (from: string, into: string, on: string, assignments: number, cycles: number, people: number) =>
    `Đã hợp nhất ${from} vào ${into} từ ngày ${on}: chuyển ${assignments} phân công, ${cycles} kỳ chưa hoàn thành, ${people} người dùng. Lịch sử giữ nguyên.`,
  setleadUsage: () => `Cách dùng: setlead <số thứ tự> <MÃ_MỚI> [--from MÃ_CŨ], ví dụ setlead 1861/III.1.4.a.2 STC`,
  leadSet: (ref: string, from: string, to: string, open: number) => `Đã giao nhiệm vụ ${ref} cho ${to} chủ trì (thay ${from}); chuyển ${open} kỳ chưa hoàn thành cùng hạn và lịch sử.`,
  coordUsage: () => `Cách dùng: coord add|remove <số thứ tự> <MÃ>`,
  mergedInto: (code: string, on: string) => `(đã hợp nhất vào ${code} từ ${on})`,
  coordinateAdded: (ref: string, agency: string) => `Đã thêm ${agency} phối hợp nhiệm vụ ${ref}.`,
  coordinateRemoved: (ref: string, agency: string) => `Đã bỏ ${agency} khỏi danh sách phối hợp nhiệm vụ ${ref}.`,
} as const;

export const cliTexts = {
  missingRef: () => `Thiếu số thứ tự nhiệm vụ (ví dụ IV.2).`,
  badDayList: (option: string, value: string) => `${option} "${value}" không hợp lệ: cần các số ngày cách nhau bởi dấu phẩy, ví dụ 14,7,3,1,0.`,
  refAmbiguous: (ref: string, choices: readonly { label: string; text: string }[]) =>
    [`Số thứ tự ${ref} có trong nhiều kế hoạch; ghi kèm mã kế hoạch, một trong:`, ...choices.map((c) => `  ${c.label} — ${c.text.length > 90 ? `${c.text.slice(0, 89)}…` : c.text}`)].join(
      "\n",
    ),
  ladderResetAlone: () => `--reset không đi cùng --days, --monthly-days hay --overdue-every.`,
  ladderOf: (ref: string, own: boolean) => `Nhiệm vụ ${ref}: ${own ? "lịch nhắc riêng" : "theo lịch nhắc chung"}`,
  ladderLine: (daysBefore: readonly number[], monthly: readonly number[], every: number, hour: number, minute: number) =>
    `  nhắc trước hạn ${daysBefore.join(", ")} ngày (hằng tháng: ${monthly.join(", ")} ngày); quá hạn: ngày làm việc kế tiếp rồi cứ ${every} ngày một lần; lúc ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}, chỉ ngày làm việc`,
  where: (databasePath: string, apiRoot: string) => `Cơ sở dữ liệu: ${databasePath} · Bot API: ${apiRoot}`,
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
  dryRunSummary: (code: string, tasks: number, warnings: number) => `Kế hoạch ${code}: đọc được ${tasks} nhiệm vụ, ${warnings} cảnh báo. (--dry-run: chưa ghi gì vào cơ sở dữ liệu)`,
  importSummary: (r: { code: string; created: number; updated: number; unchanged: number; removed: number; restored: number }) =>
    `Kế hoạch ${r.code}: ${r.created} nhiệm vụ mới, ${r.updated} sửa đổi, ${r.unchanged} không đổi, ${r.removed} không còn trong văn bản, ${r.restored} khôi phục.`,
  updatedLine: (ref: string, fields: string[]) => `  sửa đổi ${ref}: ${fields.join(", ")}`,
  removedLine: (ref: string) => `  không còn trong văn bản: ${ref} (giữ lại lịch sử, ngừng nhắc việc)`,
  unregisteredLine: (name: string) => `  cơ quan ngoài danh mục, giữ nguyên tên: ${name}`,
  reviewWritten: (file: string, tasks: number, noLead: number, noDeadline: number) =>
    `Đã ghi bảng rà soát (${tasks} nhiệm vụ; ${noLead} chưa có cơ quan chủ trì, ${noDeadline} chưa có thời hạn): ${file}\nSửa trong Excel rồi nhập lại: import ${file}`,
  reviewUnwritable: (file: string, detail: string) => `Không ghi được bảng rà soát ${file}: ${detail}`,
  correctionsApplied: (count: number) => `  ${count} chỗ sửa trong bảng rà soát được áp dụng và ghi vào nhật ký.`,
  noPlans: () => `Chưa nhập kế hoạch nào.`,
  planUsage: () => `Cách dùng: plan close|archive|reopen <mã>; plan code <mã> <mã_mới>; plan remove <số hiệu>, ví dụ: plan close 1861 (xem mã bằng lệnh "plans").`,
  planStatusChanged: (code: string, status: string, reminders: number, notices: number) =>
    status === "active"
      ? `Đã mở lại kế hoạch ${code}: nhắc việc tiếp tục từ lượt sau.`
      : `Kế hoạch ${code} nay ở trạng thái «${planStatusLabels[status as keyof typeof planStatusLabels] ?? status}»: ngừng nhắc việc, hủy ${reminders} tin nhắc và ${notices} thông báo chưa gửi; lịch sử giữ nguyên. Đã ghi vào nhật ký.`,
  planStatusUnchanged: (code: string, status: string) => `Kế hoạch ${code} đã ở trạng thái «${planStatusLabels[status as keyof typeof planStatusLabels] ?? status}».`,
  planCodeChanged: (from: string, to: string) => `Đã đổi mã kế hoạch ${from} thành ${to}; số thứ tự nhiệm vụ nay viết dạng ${to}/III.1.1.`,
  planCodeInvalid: (code: string) => `Mã "${code}" không hợp lệ: tối đa 20 ký tự chữ, số, "-", "_", ".", không có "/".`,
  planCodeTaken: (code: string) => `Mã "${code}" đã dùng cho kế hoạch khác.`,
  unknownPlan: (code: string) => `Không có kế hoạch "${code}". Xem số hiệu bằng lệnh "plans".`,
  planRemoved: (code: string, c: { tasks: number; assignments: number; cycles: number; status_updates: number; reminders: number; agencies: number }) =>
    `Đã gỡ bỏ kế hoạch ${code}: ${c.tasks} nhiệm vụ, ${c.assignments} giao việc, ${c.cycles} kỳ, ${c.status_updates} báo cáo, ${c.reminders} tin nhắc việc, ${c.agencies} cơ quan ngoài danh mục chỉ kế hoạch này dùng. Đã ghi vào nhật ký.`,
  warningLine: (line: number, message: string) => `  dòng ${line}: ${message}`,
  warningsHeader: (count: number) => `Cảnh báo (${count}):`,
  noTasks: () => `Không có nhiệm vụ nào.`,
  badRole: (role: string) => `Vai trò "${role}" không hợp lệ: focal, coordinator hoặc admin.`,
  noBotUsername: () => `Chưa lấy được tên bot (cần BOT_TOKEN và kết nối tới Bot API); đường dẫn dưới đây dùng <ten_bot>, hãy thay bằng tên bot.`,
  inviteCreated: (role: string, agency: string | null, expires: string) => `Lời mời ${role}${agency ? ` của ${agency}` : ""}, dùng một lần, hết hạn ${expires}:`,
  noPendingInvites: () => `Không có lời mời nào chưa dùng.`,
  revokeUsage: () => `Cách dùng: invite revoke <số> (xem số của lời mời bằng lệnh "invites").`,
  inviteRevoked: (id: number, role: string, agency: string | null) => `Đã thu hồi lời mời #${id} (${role}${agency ? ` của ${agency}` : ""}); đường dẫn của lời mời này không còn dùng được.`,
  peopleUsage: () => `Cách dùng: people; people move <số> <MÃ_CƠ_QUAN>; people off <số>`,
  personMoved: (name: string, agency: string) => `Đã chuyển ${name} sang ${agency}.`,
  personOff: (name: string) => `Đã ngừng tài khoản của ${name}.`,
  badInstant: (text: string) =>
    `Thời điểm "${text}" không hợp lệ; dùng ISO-8601, ví dụ 2026-11-30T08:00:00+07:00, trong khoảng ${formatVietnameseDate(DATE_WINDOW.first)} đến ${formatVietnameseDate(DATE_WINDOW.last)}.`,
  statusHeader: (date: string) => `Tình hình thực hiện, tính đến ${date}:`,
  tickNeedsToken: () => `Lệnh tick gửi nhắc việc qua Bot API nên cần BOT_TOKEN (và TELEGRAM_API_ROOT nếu dùng máy chủ riêng).`,
  tickSummary: (at: string, sent: number, skipped: number, failed: number) => `Lượt nhắc việc lúc ${at}: đã gửi ${sent}, bỏ qua ${skipped}, lỗi ${failed}.`,
  tickSent: () => "đã gửi:",
  locked: (pid: number, host: string) => `Một tiến trình dondoc khác (pid ${pid} trên ${host}) đang chạy trên cùng cơ sở dữ liệu; hãy dừng nó trước.`,
  tickLeaseHeld: (holder: string) =>
    `Phiên bản ${holder} đang chạy bộ lập lịch trên cơ sở dữ liệu PostgreSQL này và tự gửi nhắc việc mỗi phút; lệnh tick chỉ chạy khi không phiên bản nào chạy bộ lập lịch (dừng các phiên bản, hoặc chờ chúng gửi).`,
  tickFailed: () => "lỗi:",
  count: (n: number) => `${n} dòng.`,
  badReportFormat: (format: string) => `Định dạng "${format}" không hợp lệ: xlsx hoặc csv.`,
  reportUsage: () => `Cách dùng: report [--format xlsx|csv] [--plan <mã>] [--out <tệp>] [--at <thời điểm ISO-8601>]; report annual [<năm>] [--out <tệp>] [--at <thời điểm ISO-8601>]`,
  badReportYear: (year: string, first: number, last: number) => `Năm "${year}" không hợp lệ: gõ năm gồm 4 chữ số, từ ${first} đến ${last}.`,
  annualReportWritten: (year: number, file: string) => `Đã ghi báo cáo tổng hợp năm ${year}: ${file}`,
  reportWritten: (file: string, assignments: number) => `Đã ghi báo cáo (${assignments} dòng nhiệm vụ): ${file}`,
} as const;

export const planStatusLabels = { active: "đang theo dõi", closed: "đã kết thúc", archived: "lưu trữ" } as const;

export const headers = {
  agencies: ["Mã", "Tên cơ quan", "Loại"],
  tasks: ["Số TT", "Chủ trì", "Hạn", "Còn lại", "Trạng thái", "Nội dung"],
  parsed: ["Số TT", "Dòng", "Chủ trì", "Thời hạn", "Nội dung"],
  plans: ["Mã", "Số hiệu", "Trạng thái", "Cơ quan ban hành", "Tên kế hoạch", "Ban hành", "Nhiệm vụ", "Giao việc", "Đang mở", "Quá hạn"],
  people: ["Số", "Tên", "Cơ quan", "Vai trò", "Trạng thái"],
  invites: ["Số", "Vai trò", "Cơ quan", "Hết hạn", "Người tạo"],
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
  commune: "Cấp xã",
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
    case "semiannual":
      return deadline.month && deadline.day ? `6 tháng một lần, ${deadline.day}/${deadline.month}` : "6 tháng một lần";
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

/** Formats a size in bytes the Vietnamese way: "1,2 MB (1.234.567 byte)". */
export function sizeLabel(bytes: number): string {
  const units = ["KB", "MB", "GB"];
  let value = bytes;
  let unit = "";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const exact = `${bytes.toLocaleString("vi-VN")} byte`;
  return unit === "" ? exact : `${value.toLocaleString("vi-VN", { maximumFractionDigits: 1 })} ${unit} (${exact})`;
}

/** "45 giây", "12 phút", "3 giờ", "2 ngày" */
export function ageLabel(seconds: number): string {
  if (seconds < 120) return `${seconds} giây`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} phút`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} giờ`;
  return `${Math.round(seconds / 86_400)} ngày`;
}

export const backupTexts = {
  missingFile: () => `Thiếu tệp đích: backup <tệp> [--force] [--json], ví dụ: backup /var/backups/dondoc/dondoc-$(date +%F).sqlite`,
  done: (file: string, size: string) => `Đã sao lưu cơ sở dữ liệu vào ${file} — ${size}.`,
  sourceMissing: (path: string) => `Không có cơ sở dữ liệu tại ${path} (DATABASE_PATH): dịch vụ chưa chạy lần nào, hoặc DATABASE_PATH trỏ sai chỗ.`,
  sourceUnreadable: (path: string, detail: string) => `Không đọc được cơ sở dữ liệu ${path}: ${detail}`,
  exists: (path: string) => `Tệp ${path} đã có; chọn tên khác, hoặc thêm --force để ghi đè.`,
  isSource: (path: string) => `Tệp đích ${path} chính là cơ sở dữ liệu đang dùng; chọn tệp khác.`,
  isDatabaseFile: (path: string, kind: string) => `Tệp đích ${path} là tệp ${kind} của cơ sở dữ liệu đang dùng; ghi đè sẽ làm hỏng dữ liệu, chọn tệp khác.`,
  unwritable: (path: string, detail: string) => `Không ghi được tệp sao lưu ${path}: ${detail}`,
  isDirectory: (path: string) => `${path} là một thư mục; ghi rõ tên tệp, ví dụ ${path.replace(/\/+$/, "")}/dondoc.sqlite.`,
  folderMissing: (folder: string) => `Thư mục ${folder} chưa có; tạo trước (mkdir -p ${folder}) rồi chạy lại.`,
  postgres: (database: string) =>
    `Cơ sở dữ liệu là PostgreSQL (${database}): lệnh backup chỉ sao lưu tệp SQLite, nên không làm gì cả. Hãy sao lưu bằng pg_dump (an toàn khi dịch vụ đang chạy), ví dụ:
  pg_dump --format=custom --file=/var/backups/dondoc/dondoc-$(date +%F).dump "$DATABASE_URL"
Khôi phục vào một cơ sở dữ liệu trống: pg_restore --no-owner --dbname="$DATABASE_URL" dondoc-….dump`,
} as const;

export const doctorTexts = {
  levels: { ok: "ổn", info: "thông tin", warning: "cảnh báo", problem: "LỖI" } as Record<string, string>,
  summary: (ok: number, info: number, warnings: number, problems: number) => `Kết quả: ${ok} ổn, ${info} thông tin, ${warnings} cảnh báo, ${problems} lỗi.`,
  configOk: () => `Cấu hình (.env và biến môi trường): hợp lệ.`,
  configProblem: (problems: string[]) => `Cấu hình (.env) không hợp lệ; sửa rồi chạy lại (các kiểm tra khác bị bỏ qua):\n${problems.map((p) => `      - ${p}`).join("\n")}`,
  timeZone: (zone: string, offset: string, time: string, date: string, server: string) =>
    `Múi giờ: ${zone} (${offset}), bây giờ là ${time} ngày ${date}; máy chủ đặt múi giờ ${server}${server === zone ? "" : " (không ảnh hưởng: dondoc luôn tính ngày giờ theo TIMEZONE)"}.`,
  botNoToken: () => `Bot Telegram: chưa có BOT_TOKEN. Lấy token từ @BotFather (gửi /newbot), ghi vào .env dòng BOT_TOKEN=…, rồi chạy lại (README, mục "Getting a bot token").`,
  botOk: (username: string, id: number, apiRoot: string) => `Bot Telegram: @${username} (id ${id}) trả lời getMe qua ${apiRoot}.`,
  botTokenRejected: (apiRoot: string, status: number, description: string) =>
    `Bot Telegram: ${apiRoot} từ chối BOT_TOKEN (${status} ${description}). Token sai hoặc đã bị thu hồi: lấy token mới từ @BotFather (/token) rồi sửa BOT_TOKEN trong .env.`,
  botServerError: (apiRoot: string, status: number, description: string) =>
    `Bot Telegram: ${apiRoot} trả lỗi ${status} ${description} cho getMe; thử lại sau ít phút, hoặc kiểm tra TELEGRAM_API_ROOT.`,
  botTimeout: (apiRoot: string, seconds: number) => `Bot Telegram: ${apiRoot} không trả lời getMe trong ${seconds} giây; kiểm tra mạng, tường lửa hoặc TELEGRAM_API_ROOT.`,
  botUnreachable: (apiRoot: string, reason: string) => `Bot Telegram: không kết nối được tới ${apiRoot} (${reason}); kiểm tra mạng, tường lửa hoặc TELEGRAM_API_ROOT.`,
  databaseMissing: (path: string) => `Cơ sở dữ liệu: chưa có tệp ${path}; npm start tạo khi chạy lần đầu (hoặc DATABASE_PATH trỏ sai chỗ).`,
  databaseUnreadable: (path: string, error: string) => `Cơ sở dữ liệu: không mở được ${path}: ${error}`,
  databaseOk: (path: string, size: string) => `Cơ sở dữ liệu: mở được ${path} — ${size}.`,
  integrityOk: () => `Tính toàn vẹn: pragma integrity_check = ok.`,
  integrityProblem: (lines: string[]) => `Tính toàn vẹn: pragma integrity_check báo lỗi: ${lines.join("; ")}. Dừng dịch vụ và khôi phục từ bản sao lưu gần nhất.`,
  migrationsOk: (applied: number) => `Cấu trúc dữ liệu: mới nhất (đã chạy ${applied} bước cập nhật).`,
  migrationsPending: (names: string[]) =>
    `Cấu trúc dữ liệu: còn ${names.length} bước cập nhật chưa chạy (${names.join(", ")}); npm start sẽ chạy khi khởi động. Các kiểm tra dữ liệu còn lại được bỏ qua.`,
  migrationsUnknown: (names: string[]) => `Cấu trúc dữ liệu: một phiên bản dondoc mới hơn đã cập nhật cơ sở dữ liệu này (${names.join(", ")}); hãy cập nhật mã nguồn trước khi chạy.`,
  sendingOk: () => `Hàng đợi gửi: không có tin nào kẹt ở trạng thái "đang gửi".`,
  sendingStuck: (reminders: number, notices: number, minutes: number) =>
    `Hàng đợi gửi: ${reminders} tin nhắc việc và ${notices} thông báo kẹt ở trạng thái "đang gửi" quá ${minutes} phút. Nếu dịch vụ đã dừng đột ngột, chạy lại npm start để gửi lại; nếu dịch vụ đang chạy, xem nhật ký.`,
  failedNone: () => `Tin gửi lỗi: không có.`,
  failed: (reminders: number, notices: number) =>
    `Tin gửi lỗi: ${reminders} tin nhắc việc và ${notices} thông báo không gửi được (người nhận đã chặn bot, hoặc lỗi lặp lại nhiều lần); lý do ở cột last_error của bảng reminders và notices.`,
  unreachableNone: () => `Người dùng: không ai mất liên lạc với bot.`,
  unreachable: (people: string[]) =>
    `Người dùng: không liên lạc được với ${people.length} người (đã chặn bot hoặc xoá cuộc trò chuyện): ${people.join(", ")}. Nhờ họ mở lại cuộc trò chuyện với bot và nhắn một tin bất kỳ.`,
  focalOk: () => `Cán bộ đầu mối: cơ quan nào chủ trì nhiệm vụ cũng đã có người nhận nhắc việc.`,
  focalMissing: (count: number, codes: string[]) =>
    `Cán bộ đầu mối: ${count} cơ quan chủ trì nhiệm vụ nhưng chưa có cán bộ đầu mối nên chưa ai nhận nhắc việc: ${codes.join(", ")}${count > codes.length ? ` và ${count - codes.length} cơ quan khác` : ""}. Tạo lời mời: npm run cli -- invite <MÃ_CƠ_QUAN>.`,
  badDatesNone: () => `Hạn nhiệm vụ: mọi hạn đều nằm trong khoảng ${formatVietnameseDate(DATE_WINDOW.first)} đến ${formatVietnameseDate(DATE_WINDOW.last)}.`,
  badDates: (cycles: string[]) =>
    `Hạn nhiệm vụ: ${cycles.length} hạn nằm ngoài khoảng ${formatVietnameseDate(DATE_WINDOW.first)} đến ${formatVietnameseDate(DATE_WINDOW.last)} nên không được nhắc (các nhiệm vụ khác vẫn được nhắc): ${cycles.join(", ")}. Sửa hạn của các nhiệm vụ này (/setdue, hoặc nhập lại kế hoạch đã sửa).`,
  never: () => "chưa lần nào",
  updatesReading: (mode: string, readAt: string) => `Nhận tin nhắn: dịch vụ đang nhận cập nhật từ Telegram (${mode === "webhook" ? "webhook" : "polling"}), lần gần nhất ${readAt}.`,
  updatesNotReading: (readAt: string, error: string | null) =>
    `Nhận tin nhắn: dịch vụ đang chạy nhưng KHÔNG nhận được cập nhật từ Telegram (lần gần nhất ${readAt}${error ? `; lỗi: ${error}` : ""}). Xem nhật ký; khởi động lại dịch vụ nếu lỗi kéo dài.`,
  updatesFailed: (at: string, error: string) =>
    `Nhận tin nhắn: dịch vụ đã dừng lúc ${at} vì không nhận hoặc không ghi được (${error}). Kiểm tra BOT_TOKEN, tiến trình khác dùng cùng token, tệp cơ sở dữ liệu; rồi chạy lại npm start.`,
  updatesNotRunning: (readAt: string) => `Nhận tin nhắn: dịch vụ không chạy (lần nhận cập nhật gần nhất ${readAt}).`,
  updatesUnknown: () => `Nhận tin nhắn: dịch vụ chưa chạy lần nào trên cơ sở dữ liệu này.`,
  lockFree: () => `Khoá tiến trình: không tiến trình nào đang giữ cơ sở dữ liệu (dịch vụ không chạy).`,
  lockHeld: (pid: number, host: string, age: string) => `Khoá tiến trình: tiến trình dondoc pid ${pid} trên ${host} đang giữ cơ sở dữ liệu, nhịp gần nhất ${age} trước.`,
  lockStale: (pid: number, host: string, age: string) =>
    `Khoá tiến trình: pid ${pid} trên ${host} còn giữ khoá nhưng nhịp gần nhất đã ${age} trước; tiến trình đó có lẽ đã dừng đột ngột, npm start sẽ nhận lại khoá.`,
  leaseNone: () => `Bộ lập lịch (PostgreSQL): chưa phiên bản nào từng chạy bộ lập lịch trên cơ sở dữ liệu này.`,
  leaseHeld: (holder: string, token: number, seconds: number) =>
    `Bộ lập lịch (PostgreSQL): phiên bản ${holder} đang chạy bộ lập lịch và gửi tin (lượt ${token}); quyền chạy còn hiệu lực ${seconds} giây và được gia hạn mỗi nhịp.`,
  leaseExpired: (holder: string) =>
    `Bộ lập lịch (PostgreSQL): không phiên bản nào đang chạy bộ lập lịch (lần cuối: ${holder}); một phiên bản đang chạy sẽ nhận lại trong vòng một nhịp. Nếu không có phiên bản nào chạy, không ai được nhắc việc: chạy npm start.`,
} as const;
