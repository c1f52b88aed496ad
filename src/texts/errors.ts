/** What each domain error means to a person, in Vietnamese: one table for the bot and the CLI. */
import type { DomainErrorCode } from "../domain/errors.js";
import { DATE_WINDOW, formatVietnameseDate } from "../domain/local-date.js";

export const errorTexts: Record<DomainErrorCode, string> = {
  invite_unknown: "Mã mời không đúng. Vui lòng kiểm tra lại đường dẫn hoặc xin quản trị viên đường dẫn mới.",
  invite_expired: "Mã mời đã hết hạn. Vui lòng xin quản trị viên đường dẫn mới.",
  invite_used: "Mã mời đã được sử dụng. Mỗi đường dẫn mời chỉ dùng một lần; vui lòng xin quản trị viên đường dẫn mới.",
  agency_unknown: "Không có cơ quan này. Kiểm tra lại mã cơ quan (ví dụ STC, SKHDT) hoặc tên đầy đủ.",
  person_unknown: "Không có người dùng này.",
  invite_not_pending: "Không có lời mời chưa dùng mang số này: lời mời đã được dùng, đã hết hạn hoặc đã bị thu hồi.",
  last_admin:
    "Anh/chị đang là quản trị viên duy nhất: nhận lời mời này sẽ mất quyền quản trị và không còn ai quản trị bot. Lời mời vẫn còn hiệu lực; hãy gửi đường dẫn cho đúng người cần mời.",
  not_allowed: "Anh/chị không có quyền với nhiệm vụ này.",
  cycle_unknown: "Nhiệm vụ không còn trong kế hoạch.",
  task_unknown: "Nhiệm vụ không còn trong kế hoạch.",
  undo_expired: "Đã quá thời gian hoàn tác.",
  undo_not_found: "Không có cập nhật để hoàn tác.",
  date_in_past: "Ngày đề nghị đã qua. Vui lòng chọn ngày từ hôm nay trở đi.",
  date_invalid: "Ngày không hợp lệ.",
  date_out_of_window: `Ngày phải nằm trong khoảng ${formatVietnameseDate(DATE_WINDOW.first)} đến ${formatVietnameseDate(DATE_WINDOW.last)}; vui lòng kiểm tra lại năm.`,
  extension_decided: "Đề nghị gia hạn này đã được xử lý.",
  ref_unknown: "Không tìm thấy nhiệm vụ có số thứ tự này (ví dụ III.5.3.g), hoặc nhiệm vụ đã hoàn thành.",
  task_has_deadline: "Nhiệm vụ này đã có hạn trong văn bản; muốn đổi hạn thì cơ quan chủ trì gửi đề nghị gia hạn.",
  cycle_completed: "Nhiệm vụ đã hoàn thành nên không cần gia hạn.",
  plan_unknown: "Chưa có kế hoạch nào để lập báo cáo. Đề nghị quản trị viên nhập kế hoạch trước.",
  ladder_invalid: "Lịch nhắc không hợp lệ: số ngày trước hạn là số nguyên từ 0 đến 366 (1 đến 20 mốc), nhắc quá hạn cách nhau từ 1 đến 90 ngày.",
};
