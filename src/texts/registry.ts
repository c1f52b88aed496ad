/** What registry changes say, in Vietnamese: errors, confirmations and the notices officers get. */
import type { AgencyNotice } from "../domain/notice-kinds.js";
import type { RegistryErrorCode } from "../domain/registry-errors.js";

export const registryErrorTexts: Record<RegistryErrorCode, (d: Record<string, string | number | null>) => string> = {
  code_invalid: (d) => `Mã cơ quan "${d.code}" không hợp lệ: 2–24 ký tự gồm chữ in hoa không dấu, chữ số và dấu gạch ngang (ví dụ SNNMT).`,
  code_taken: (d) => `Mã "${d.code}" đã có trong danh mục.`,
  name_invalid: () => `Tên cơ quan cần từ 2 đến 200 ký tự.`,
  name_taken: (d) => `Tên "${d.name}" đã là tên hoặc tên gọi khác của ${d.owner}.`,
  kind_invalid: (d) => `Loại "${d.kind}" không hợp lệ: department, board, bank, center, office, inspectorate, union, branch, district hoặc commune.`,
  agency_unknown: (d) => `Không có cơ quan "${d.code}" trong danh mục. Xem mã bằng lệnh agencies (CLI) hoặc /agencies.`,
  agency_merged: (d) => `${d.name} đã hợp nhất vào ${d.into}; hãy dùng cơ quan mới.`,
  merge_self: () => `Không thể hợp nhất một cơ quan vào chính nó.`,
  parent_cycle: () => `Không thể đặt cơ quan cấp trên như vậy: sẽ thành vòng lặp.`,
  date_invalid: (d) => `Ngày "${d.date}" không hợp lệ: gõ dd/mm/yyyy, ví dụ 01/03/2025.`,
  date_future: () => `Ngày hợp nhất chưa tới; hãy thực hiện vào hoặc sau ngày hiệu lực.`,
  alias_unknown: (d) => `${d.code} không có tên gọi khác "${d.alias}".`,
  ref_unknown: (d) => `Không tìm thấy nhiệm vụ "${d.ref}".`,
  ref_ambiguous: (d) => `Số thứ tự "${d.ref}" có trong nhiều kế hoạch (${d.plans}); gõ kèm số kế hoạch, ví dụ ${d.example}.`,
  lead_unchanged: (d) => `${d.agency} đã chủ trì nhiệm vụ ${d.ref}.`,
  lead_choice: (d) => `Nhiệm vụ ${d.ref} có nhiều cơ quan chủ trì (${d.leads}); gõ thêm mã cơ quan cần thay, ví dụ /setlead ${d.ref} ${d.example}.`,
  not_lead: (d) => `${d.agency} không chủ trì nhiệm vụ ${d.ref}.`,
  coordinate_exists: (d) => `${d.agency} đã tham gia nhiệm vụ ${d.ref}.`,
  coordinate_missing: (d) => `${d.agency} không phối hợp nhiệm vụ ${d.ref}.`,
};

export const registryTexts = {
  adminsOnly: () => `Chỉ quản trị viên được sửa danh mục cơ quan.`,
  coordinatorsOnly: () => `Chỉ điều phối viên và quản trị viên được giao lại nhiệm vụ.`,
  agencyUsage: () =>
    [
      "Cách dùng (quản trị viên):",
      "/agency add MÃ loại Tên đầy đủ — thêm cơ quan (loại: department, board, center, …)",
      "/agency rename MÃ Tên mới",
      "/agency alias MÃ Tên gọi khác — thêm tên gọi khác",
      "/agency unalias MÃ Tên gọi khác — bỏ tên gọi khác",
      "/agency parent MÃ MÃ_CẤP_TRÊN (hoặc - để bỏ)",
      "/agency kind MÃ loại",
      "/merge MÃ_CŨ MÃ_MỚI dd/mm/yyyy [căn cứ] — hợp nhất cơ quan cũ vào cơ quan mới từ ngày đó",
    ].join("\n"),
  setleadUsage: () => `Cách dùng: /setlead &lt;số thứ tự&gt; &lt;MÃ_MỚI&gt; [MÃ_CŨ], ví dụ /setlead 1861/III.1.4.a.2 STC`,
  coordUsage: (command: string) => `Cách dùng: /${command} &lt;số thứ tự&gt; &lt;MÃ_CƠ_QUAN&gt;, ví dụ /${command} III.1.4.a.2 SXD`,
  added: (code: string, name: string) => `Đã thêm cơ quan ${code}: ${name}.`,
  changed: (code: string, name: string) => `Đã cập nhật ${code}: ${name}.`,
  merged: (r: { from: string; into: string; on: string; assignments: number; cycles: number; people: number }) =>
    `Đã hợp nhất ${r.from} vào ${r.into} từ ngày ${r.on}: chuyển ${r.assignments} phân công, ${r.cycles} kỳ chưa hoàn thành, ${r.people} người dùng. Lịch sử giữ nguyên.`,
  leadSet: (ref: string, from: string, to: string, open: number) => `Đã giao nhiệm vụ ${ref} cho ${to} chủ trì (thay ${from}); chuyển ${open} kỳ chưa hoàn thành cùng hạn và lịch sử.`,
  coordinateAdded: (ref: string, agency: string) => `Đã thêm ${agency} phối hợp nhiệm vụ ${ref}.`,
  coordinateRemoved: (ref: string, agency: string) => `Đã bỏ ${agency} khỏi danh sách phối hợp nhiệm vụ ${ref}.`,
  formerly: (name: string) => `trước đây: ${name}`,
  assignedNow: (agency: string, former: string) => `Hiện giao: ${agency} (trước đây: ${former})`,
  mergedLabel: (into: string, on: string) => `đã hợp nhất vào ${into} từ ${on}`,
  parentLabel: (code: string) => `thuộc ${code}`,
  listHeader: (active: number) => `🏛 Danh mục cơ quan (${active} cơ quan đang hoạt động):`,
  listCut: () => `… (danh sách dài; xem đầy đủ bằng lệnh agencies của CLI hoặc xuất ra Excel)`,
} as const;

/** The notice's text; `date` formats a local date. Values are escaped by the caller. */
export function agencyNoticeText(notice: AgencyNotice, date: (d: string) => string): string {
  switch (notice.event) {
    case "merged":
      return `🏛 Từ ngày ${date(notice.on)}, ${notice.from} đã hợp nhất vào ${notice.into}. Tài khoản của anh/chị nay thuộc ${notice.into}; ${notice.tasks} nhiệm vụ đang theo dõi đã chuyển sang cùng hạn và lịch sử. Gõ /tasks để xem.`;
    case "lead_lost":
      return `🔁 Nhiệm vụ ${notice.ref} đã được giao cho ${notice.to} chủ trì. Cơ quan của anh/chị không còn phải báo cáo nhiệm vụ này.`;
    case "lead_gained":
      return `📌 Cơ quan của anh/chị được giao chủ trì nhiệm vụ ${notice.ref} (thay ${notice.from})${notice.due ? `, hạn ${date(notice.due)}` : ""}:\n${notice.text}\nGõ /tasks để xem và cập nhật.`;
    case "coordinate_added":
      return `🤝 Cơ quan của anh/chị (${notice.agency}) được thêm vào danh sách phối hợp nhiệm vụ ${notice.ref}:\n${notice.text}`;
    case "coordinate_removed":
      return `ℹ️ Cơ quan của anh/chị (${notice.agency}) không còn phối hợp nhiệm vụ ${notice.ref}.`;
  }
}
