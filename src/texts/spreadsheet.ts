/** Every word of the spreadsheet exports (sheet names, headers, labels), in one place. */
import type { CycleStatus } from "../domain/task-status.js";
import { statusLabels } from "./labels.js";

export const sheetNames = {
  summary: "Tổng hợp",
  assignments: "Nhiệm vụ",
  overdue: "Quá hạn",
  history: "Lịch sử",
} as const;

export const summaryHeaders = {
  code: "Mã cơ quan",
  agency: "Cơ quan",
  ...statusLabels,
  total: "Tổng số",
  onTimeRate: "Tỷ lệ đúng hạn",
} satisfies Record<CycleStatus | "code" | "agency" | "total" | "onTimeRate", string>;

export const assignmentHeaders = {
  ref: "Số TT",
  task: "Nội dung nhiệm vụ",
  leadCode: "Mã cơ quan chủ trì",
  lead: "Cơ quan chủ trì",
  coordinators: "Cơ quan phối hợp",
  period: "Kỳ",
  due: "Hạn hoàn thành",
  originalDue: "Hạn ban đầu (trước gia hạn)",
  completedOn: "Ngày hoàn thành",
  status: "Trạng thái",
  daysOverdue: "Số ngày quá hạn",
  percent: "Tiến độ (%)",
  lastUpdate: "Báo cáo gần nhất",
  lastUpdateOn: "Ngày báo cáo",
  reporter: "Người báo cáo",
  evidence: "Tài liệu kèm theo",
  blocked: "Vướng mắc",
  extensionRequested: "Đề nghị gia hạn",
} as const;

export const historyHeaders = {
  at: "Thời điểm",
  actor: "Người thực hiện",
  agency: "Cơ quan",
  ref: "Số TT",
  activity: "Hoạt động",
  subject: "Đối tượng",
  percent: "Tiến độ (%)",
  text: "Nội dung",
  before: "Trước",
  after: "Sau",
} as const;

export const spreadsheetTexts = {
  yes: "Có",
  total: "Tổng cộng",
  asOf: (date: string) => `Số liệu tính đến hết ngày ${date}.`,
  onTimeRateNote: () => "Tỷ lệ đúng hạn = hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành quá hạn + quá hạn).",
  undone: (label: string) => `${label} (đã rút lại)`,
  files: (ids: readonly string[]) => `Tệp: ${ids.join("; ")}`,
} as const;

/** What an officer reported, as the history sheet names it. */
export const updateKindLabels: Record<string, string> = {
  progress: "Báo cáo tiến độ",
  done: "Báo cáo hoàn thành",
  blocked: "Báo cáo vướng mắc",
  extension_request: "Đề nghị gia hạn",
  note: "Ghi chú",
};

/** Audit actions; an action missing here is shown as its code. */
export const auditActionLabels: Record<string, string> = {
  "plan.created": "Nhập kế hoạch",
  "plan.reimported": "Nhập lại kế hoạch",
  "plan.removed": "Gỡ bỏ kế hoạch",
  "task.review_corrected": "Sửa theo bảng rà soát",
  "task.created": "Thêm nhiệm vụ",
  "task.updated": "Sửa nhiệm vụ",
  "task.restored": "Khôi phục nhiệm vụ",
  "task.removed": "Nhiệm vụ không còn trong văn bản",
  "registry.synced": "Cập nhật danh mục cơ quan",
  "invite.created": "Tạo lời mời",
  "person.registered": "Đăng ký người dùng",
  "person.moved": "Chuyển cơ quan",
  "person.deactivated": "Ngừng tài khoản",
  "person.reachable": "Liên lạc lại được",
  "person.unreachable": "Không liên lạc được",
  "status_update.recorded": "Ghi nhận báo cáo",
  "status_update.undone": "Rút lại báo cáo",
  "status_update.edited": "Sửa báo cáo",
  "extension.approved": "Duyệt gia hạn",
  "extension.rejected": "Từ chối gia hạn",
  "cycle.due_set": "Đặt hạn",
  "cycle.due_corrected": "Điều chỉnh hạn",
  "cycle.moved": "Chuyển sang cơ quan mới",
  "cycle.joined": "Gộp vào kỳ của cơ quan mới",
  "task.lead_set": "Giao lại cơ quan chủ trì",
  "task.coordinate_added": "Thêm cơ quan phối hợp",
  "task.coordinate_removed": "Bỏ cơ quan phối hợp",
  "agency.added": "Thêm cơ quan",
  "agency.renamed": "Đổi tên cơ quan",
  "agency.alias_added": "Thêm tên gọi khác",
  "agency.alias_removed": "Bỏ tên gọi khác",
  "agency.parent_set": "Đặt cơ quan cấp trên",
  "agency.kind_set": "Đổi loại cơ quan",
  "agency.merged": "Hợp nhất cơ quan",
  "registry.imported": "Nhập danh mục cơ quan",
  "agency.imported": "Sửa cơ quan (nhập danh mục)",
};

/** Actors that are not people; a person is shown by name. */
export const actorLabels: Record<string, string> = {
  cli: "Quản trị (dòng lệnh)",
  system: "Hệ thống",
  service: "Hệ thống",
  "first-start": "Hệ thống (lần khởi động đầu tiên)",
};

export const entityLabels: Record<string, string> = {
  plan: "Kế hoạch",
  task: "Nhiệm vụ",
  cycle: "Kỳ báo cáo",
  person: "Người dùng",
  invite: "Lời mời",
  registry: "Danh mục cơ quan",
  status_update: "Báo cáo",
};

const romanQuarters = ["I", "II", "III", "IV"];

/** A cycle's period as people write it: "2026", "Quý IV/2026", "11/2026"; nothing for one-off and undated cycles. */
export function periodLabel(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `Quý ${romanQuarters[Number(quarter[2]) - 1]}/${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${month[2]}/${month[1]}`;
  return /^\d{4}$/.test(period) ? period : "";
}
