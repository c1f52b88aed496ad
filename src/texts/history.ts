/** The words of a task's change history (/history), in Vietnamese. */

/** What each changed value is called; a field missing here is shown by its code. */
export const historyFieldLabels: Record<string, string> = {
  due: "Hạn",
  completed: "Trạng thái",
  statusUpdate: "Báo cáo",
  text: "Nội dung",
  section: "Mục",
  deadline_phrase: "Thời hạn theo văn bản",
  lead_names: "Cơ quan chủ trì",
  coordinate_names: "Cơ quan phối hợp",
  period: "Kỳ",
  kind: "Loại",
  percent: "Tiến độ (%)",
  state: "Trạng thái",
  role: "Vai trò",
  agency: "Cơ quan",
  original_due_on: "Hạn ban đầu",
  proposed_due_on: "Hạn đề nghị",
  reason: "Lý do",
  ref: "Số thứ tự",
  code: "Số hiệu",
  title: "Tên",
  name: "Tên",
  issued_on: "Ngày ban hành",
  source_file: "Tệp",
  expires_at: "Hết hạn",
  added: "Thêm",
  updated: "Cập nhật",
  removed: "Bỏ",
  ladder: "Lịch nhắc riêng",
  error: "Lỗi",
};

export const historyTexts = {
  header: (ref: string, total: number) => `<b>Lịch sử nhiệm vụ ${ref}</b> — ${total} thay đổi, mới nhất trước`,
  agencyOnly: (agency: string) => `(chỉ các kỳ của ${agency})`,
  removed: "Nhiệm vụ này không còn trong văn bản kế hoạch.",
  none: "Chưa có thay đổi nào được ghi lại.",
  /** who did it and where: "Lan Nguyễn · STC, 2026" */
  by: (who: string, place: string | null) => (place ? `${who} · ${place}` : who),
  change: (label: string, before: string, after: string) => `${label}: ${before} → ${after}`,
  completed: (done: boolean) => (done ? "đã hoàn thành" : "chưa hoàn thành"),
  noDue: "chưa có hạn",
  unchanged: (value: string) => `${value} (giữ nguyên)`,
  withdrawn: "đã rút lại",
  nothing: "(trống)",
  /** the files a report came with */
  files: (names: string[]) => `📎 ${names.join("; ")}`,
  unnamedFile: "tệp không tên",
  older: (n: number) => `… và ${n} thay đổi cũ hơn; xem đầy đủ ở trang «Lịch sử» của tệp /report.`,
  unknownActor: (actor: string) => `(${actor})`,
};
