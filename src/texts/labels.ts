/** Names of roles and of the official status taxonomy, as both the bot and the CLI print them. */
import type { PersonRole } from "../domain/person.js";
import type { CycleStatus } from "../domain/task-status.js";

export const roleLabels: Record<PersonRole, string> = {
  focal: "cán bộ đầu mối",
  coordinator: "điều phối viên",
  admin: "quản trị viên",
};

export const statusLabels: Record<CycleStatus, string> = {
  done_on_time: "Hoàn thành đúng hạn",
  done_late: "Hoàn thành quá hạn",
  in_progress: "Đang thực hiện trong hạn",
  overdue: "Quá hạn",
  no_deadline: "Không có hạn",
};
