/**
 * Every sentence the bot sends, in Vietnamese, in one place. Short, polite, "anh/chị".
 * Values that come from users or documents are escaped by the caller (views/html.ts).
 */
import type { DocumentKind, ReplyKind } from "../domain/reply-intent.js";
import type { CycleStatus } from "../domain/task-status.js";

export { roleLabels, statusLabels } from "../texts/labels.js";

export const statusIcons: Record<CycleStatus, string> = {
  done_on_time: "✅",
  done_late: "☑️",
  in_progress: "🔵",
  overdue: "🔴",
  no_deadline: "⚪",
};

export const kindLabels: Record<ReplyKind, string> = {
  progress: "Đang thực hiện",
  done: "Hoàn thành",
  blocked: "Vướng mắc",
  extension_request: "Xin gia hạn",
  note: "Ghi chú",
};

/** The kinds of paper a reply or a task names (domain/reply-intent.ts), as a sentence says them */
export const documentKindLabels: Record<DocumentKind, string> = {
  report: "báo cáo",
  plan: "kế hoạch",
  decision: "quyết định",
  resolution: "nghị quyết",
  directive: "chỉ thị",
  programme: "chương trình",
  scheme: "đề án",
  guidance: "hướng dẫn",
  submission: "tờ trình",
  letter: "công văn",
  notice: "thông báo",
  regulation: "quy chế, quy định",
};

export const buttons = {
  progress: "Đang thực hiện",
  done: "Hoàn thành",
  blocked: "Vướng mắc",
  extension: "Xin gia hạn",
  undo: "↩️ Hoàn tác",
  previous: "◀️ Trước",
  next: "Sau ▶️",
  more: "Xem đầy đủ",
  open: (ref: string) => `Mở ${ref}`,
  none: "Không phải nhiệm vụ nào",
  approve: "✅ Đồng ý",
  webApp: "📊 Bảng theo dõi",
  reject: "❌ Không đồng ý",
  importPlan: "📥 Nhập",
  cancelPlan: "Huỷ",
};

/**
 * The command menu's descriptions, in the order the menu shows them. Which chats' menu has a
 * command is declared by its feature (`menu` in its commands, telegram/feature.ts).
 */
export const commandDescriptions: Readonly<Record<string, string>> = {
  status: "Tình hình thực hiện",
  overdue: "Nhiệm vụ quá hạn",
  upcoming: "Nhiệm vụ sắp đến hạn",
  report: "Tải báo cáo (Excel, CSV, báo cáo năm)",
  web: "Mở bảng theo dõi trên trình duyệt",
  history: "Lịch sử thay đổi của nhiệm vụ",
  setdue: "Đặt hạn cho nhiệm vụ chưa có hạn",
  plans: "Các kế hoạch: mã, trạng thái, số nhiệm vụ",
  agencies: "Danh mục cơ quan",
  setlead: "Giao lại cơ quan chủ trì nhiệm vụ",
  addcoord: "Thêm cơ quan phối hợp",
  rmcoord: "Bỏ cơ quan phối hợp",
  invite: "Tạo lời mời",
  invites: "Lời mời chưa dùng",
  people: "Danh sách người dùng",
  plan: "Kết thúc, lưu trữ, mở lại kế hoạch",
  agency: "Sửa danh mục cơ quan",
  merge: "Hợp nhất cơ quan",
  tasks: "Nhiệm vụ của cơ quan",
  whoami: "Tôi là ai",
  help: "Hướng dẫn",
};

/**
 * /help: a line for each command, in this order. A person sees the lines of the commands their
 * menu has (the `menu` its feature declares, or its wider `help`; telegram/feature.ts), so an
 * officer is not shown what only coordinators may do. Every menu command but /help itself has a line (checked at start).
 */
export const commandHelp: Readonly<Record<string, string>> = {
  tasks: "/tasks — nhiệm vụ cơ quan chủ trì và phối hợp",
  whoami: "/whoami — thông tin đăng ký",
  status: "/status — tình hình chung; /status &lt;mã hoặc tên cơ quan&gt;; /status &lt;số TT nhiệm vụ&gt;; /status &lt;mã kế hoạch&gt;",
  overdue: "/overdue [mã kế hoạch] — nhiệm vụ quá hạn",
  upcoming: "/upcoming [số ngày] [mã kế hoạch] — nhiệm vụ sắp đến hạn",
  setdue: "/setdue &lt;số TT&gt; &lt;ngày&gt; — đặt hạn cho nhiệm vụ chưa có hạn",
  plans: "/plans — các kế hoạch; khi có nhiều kế hoạch, số TT viết kèm mã kế hoạch, ví dụ 1861/III.1.1",
  report: "/report — tải báo cáo Excel; /report csv — bản CSV; /report annual [năm] — báo cáo tổng hợp năm (Word)",
  web: "/web — đường dẫn đăng nhập bảng theo dõi trên trình duyệt",
  history: "/history &lt;số TT nhiệm vụ&gt; — lịch sử thay đổi: ai, khi nào, trước → sau",
  setlead: "/setlead &lt;số TT&gt; &lt;mã mới&gt; [mã cũ] — giao lại cơ quan chủ trì",
  addcoord: "/addcoord &lt;số TT&gt; &lt;mã&gt; — thêm cơ quan phối hợp",
  rmcoord: "/rmcoord &lt;số TT&gt; &lt;mã&gt; — bỏ cơ quan phối hợp",
  agencies: "/agencies — danh mục cơ quan",
  invite: "/invite &lt;mã cơ quan&gt; [focal|coordinator|admin] — tạo lời mời",
  invites: "/invites — lời mời chưa dùng; /revoke_invite &lt;số&gt; — thu hồi",
  people: "/people — danh sách; /people move &lt;số&gt; &lt;mã cơ quan&gt;; /people off &lt;số&gt;",
  agency: "/agency add|rename|alias|unalias|parent|kind … — sửa danh mục cơ quan",
  merge: "/merge &lt;mã cũ&gt; &lt;mã mới&gt; &lt;dd/mm/yyyy&gt; [căn cứ] — hợp nhất cơ quan",
  plan: "/plan close|archive|reopen &lt;mã kế hoạch&gt; — kết thúc (ngừng nhắc việc), lưu trữ, mở lại kế hoạch",
};

export const planStatusLabels = { active: "đang theo dõi", closed: "đã kết thúc", archived: "lưu trữ" } as const;

export const texts = {
  stranger: () =>
    "Chào anh/chị. Đây là bot đôn đốc thực hiện kế hoạch hành động của tỉnh.\n" + "Để sử dụng, anh/chị cần đường dẫn mời do quản trị viên cấp. Bấm vào đường dẫn đó rồi bấm «Bắt đầu».",
  left: () => "Tài khoản của anh/chị đã ngừng hoạt động. Vui lòng liên hệ quản trị viên nếu cần dùng lại.",
  registered: (name: string, role: string, agency: string | null) => `Đã đăng ký: <b>${name}</b> — ${role}${agency ? ` của <b>${agency}</b>` : ""}.`,
  nextStepsFocal: () =>
    "Gõ /tasks để xem nhiệm vụ của cơ quan. Để báo cáo, trả lời (Reply) vào tin nhắn của bot về nhiệm vụ đó, " +
    "ví dụ: «đã hoàn thành 100%, báo cáo số 123/BC-STC» hoặc «đang triển khai 60%».",
  nextStepsCoordinator: () => "Gõ /status để xem tình hình chung, /overdue để xem nhiệm vụ quá hạn, /upcoming để xem việc sắp đến hạn, /report để tải báo cáo Excel.",
  nextStepsAdmin: () => "Gõ /invite &lt;mã cơ quan&gt; [focal|coordinator|admin] để tạo lời mời, /people để xem danh sách người dùng.",
  alreadyRegistered: () => "Anh/chị đã được đăng ký.",
  helpTitle: () => "<b>Hướng dẫn</b>",
  helpAdminTitle: () => "<b>Quản trị</b>",
  helpInGroup: () => "Trong nhóm này chỉ dùng được các lệnh xem ở trên; các lệnh khác và báo cáo tiến độ xin nhắn riêng cho bot.",
  helpReplies: () => "Báo cáo tiến độ: trả lời (Reply) vào tin nhắn của bot về nhiệm vụ, có dấu hay không dấu đều được, có thể kèm tệp hoặc ảnh.",
  whoami: (name: string, role: string, agency: string | null, id: number) => `Anh/chị là <b>${name}</b> (Telegram ID ${id}) — ${role}${agency ? ` của <b>${agency}</b>` : ""}.`,
  whoamiConfigAdmin: (id: number) => `Anh/chị là quản trị viên (Telegram ID ${id}, khai báo trong cấu hình).`,
  slowDown: () => "Anh/chị gửi nhiều tin nhắn quá nhanh: bot vẫn ghi nhận các báo cáo trả lời vào tin nhắn nhiệm vụ, nhưng tạm không trả lời từng tin. Vui lòng chờ vài phút rồi gửi tiếp.",
  privateOnly: () => "Bot chỉ làm việc trong cuộc trò chuyện riêng. Vui lòng nhắn riêng cho bot.",
  leavingGroup: () => "Bot chỉ làm việc trong cuộc trò chuyện riêng và nhóm điều phối đã đăng ký, nên xin rời nhóm này. Vui lòng nhắn riêng cho bot.",
  coordinatorsOnly: () => "Lệnh này dành cho điều phối viên.",
  webOff: () => "Bảng theo dõi trên web chưa được bật. Quản trị viên bật bằng biến WEB_APP_URL trong cấu hình.",
  webNotAllowed: () => "Bảng theo dõi dành cho điều phối viên và cán bộ đầu mối đang hoạt động.",
  webLink: (url: string, minutes: number) => `Đường dẫn đăng nhập bảng theo dõi trên trình duyệt (dùng một lần, trong ${minutes} phút; không chuyển cho người khác):\n${url}`,
  reportUsage: () => "Cách dùng: /report (Excel); /report csv; /report annual [năm], ví dụ /report annual 2026; thêm mã kế hoạch để lấy riêng một kế hoạch, ví dụ /report 1861.",
  reportBadYear: (first: number, last: number) => `Năm không hợp lệ: gõ năm gồm 4 chữ số, từ ${first} đến ${last}, ví dụ /report annual ${last - 1}.`,
  reportCaption: (date: string, assignments: number) => `Báo cáo tình hình thực hiện tính đến ${date} (${assignments} lượt giao việc cho cơ quan chủ trì).`,
  annualReportCaption: (year: number) => `Báo cáo tổng hợp kết quả thực hiện năm ${year}: bản Word để chỉnh sửa, ký và gửi.`,
  reportFailed: () => "Xin lỗi, chưa tạo được báo cáo do lỗi hệ thống. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo quản trị viên.",
  // A plan sent as a file (features/plan-upload.ts); reasons from texts/plan-files.ts start lower-case.
  planFileProblem: (reason: string) => `Không đọc được tệp: ${reason}`,
  planDocumentProblem: (line: number, message: string) => `Không đọc được kế hoạch (dòng ${line}): ${message}`,
  planDownloadFailed: () => "Xin lỗi, chưa tải được tệp từ Telegram. Vui lòng gửi lại sau ít phút.",
  planPreviewHeader: (code: string, title: string, issued: string | null, exists: boolean) =>
    `<b>Kế hoạch ${code}</b>: ${title}${issued ? `\nBan hành ngày ${issued}.` : ""}${exists ? "\nKế hoạch này đã có trong hệ thống: bấm Nhập sẽ cập nhật theo tệp này." : ""}`,
  planPreviewCounts: (tasks: number, withoutLead: number, withoutDeadline: number, warnings: number) =>
    `Đọc được <b>${tasks}</b> nhiệm vụ: ${withoutLead} chưa có cơ quan chủ trì, ${withoutDeadline} chưa có thời hạn; ${warnings} cảnh báo.`,
  planPreviewCorrections: (count: number) => `Bảng rà soát có ${count} chỗ sửa; khi nhập, các chỗ sửa được áp dụng và ghi vào nhật ký.`,
  planPreviewFirst: () => "<b>Mấy nhiệm vụ đầu</b>",
  planPreviewTask: (ref: string, text: string, leads: string, deadline: string) => `• <b>${ref}</b> ${text} — ${leads || "<i>chưa có cơ quan chủ trì</i>"} — ${deadline}`,
  planPreviewWarnings: () => "<b>Cảnh báo</b>",
  planPreviewWarning: (line: number, message: string) => `• dòng ${line}: ${message}`,
  planPreviewAsk: () => "Bảng Excel gửi kèm có đủ các nhiệm vụ: có thể sửa cơ quan chủ trì, thời hạn rồi gửi lại tệp Excel cho bot.\nNhập kế hoạch này?",
  planWorkbookCaption: (tasks: number) => `Bảng rà soát kế hoạch (${tasks} nhiệm vụ).`,
  planNoDeadline: () => "không có hạn",
  planImported: (code: string, created: number, updated: number, unchanged: number, removed: number) =>
    `Đã nhập kế hoạch ${code}: ${created} nhiệm vụ mới, ${updated} sửa đổi, ${unchanged} không đổi, ${removed} không còn trong văn bản.`,
  planImportedCorrections: (count: number) => ` ${count} chỗ sửa trong bảng rà soát đã được áp dụng.`,
  planCancelled: (code: string) => `Đã huỷ: không nhập kế hoạch ${code}.`,
  planButtonRefused: {
    unknown: "Nút này không còn hiệu lực.",
    not_yours: "Chỉ người đã gửi tệp mới nhập hoặc huỷ được.",
    decided: "Tệp này đã được nhập hoặc huỷ rồi.",
    stale: "Bản xem trước đã quá một ngày; vui lòng gửi lại tệp.",
  },
  historyUsage: () => "Cách dùng: /history &lt;số TT nhiệm vụ&gt;, ví dụ /history III.1.4.a.2",
  historyNotFound: (ref: string) => `Không tìm thấy nhiệm vụ «${ref}». Gõ số thứ tự như trong kế hoạch, ví dụ III.1.4.a.2.`,
  /** the name a photo sent as evidence is kept under (photos come without one) */
  photoFileName: (messageId: number) => `anh-${messageId}.jpg`,
  adminsOnly: () => "Lệnh này dành cho quản trị viên.",
  focalOnly: () => "Chỉ cán bộ đầu mối của cơ quan chủ trì mới cập nhật được nhiệm vụ này.",
  noAgency: () => "Tài khoản của anh/chị chưa gắn với cơ quan nào. Vui lòng liên hệ quản trị viên.",
  noTasks: () => "Cơ quan chưa có nhiệm vụ nào trong kế hoạch.",
  tasksHeader: (agency: string, lead: number, coordinate: number) => `<b>${agency}</b>: chủ trì ${lead} nhiệm vụ, phối hợp ${coordinate} nhiệm vụ.`,
  leadSection: () => "<b>Chủ trì</b>",
  coordinateSection: () => "<b>Phối hợp</b>",
  page: (page: number, pages: number) => `Trang ${page}/${pages}`,
  due: (date: string) => `Hạn: ${date}`,
  noDue: () => "Không có hạn",
  daysLeft: (days: number) => (days === 0 ? "đến hạn hôm nay" : days > 0 ? `còn ${days} ngày` : `quá hạn ${-days} ngày`),
  fromPhrase: (phrase: string) => `(theo văn bản: «${phrase}»)`,
  extended: (original: string) => `Hạn ban đầu: ${original}`,
  latestUpdates: () => "<b>Cập nhật gần nhất</b>",
  noUpdates: () => "Chưa có cập nhật.",
  cardReplyHint: () => "Trả lời (Reply) tin nhắn này để báo cáo, hoặc bấm nút bên dưới.",
  coordinateHint: () => "Cơ quan phối hợp: xem để nắm tình hình; cơ quan chủ trì báo cáo tiến độ.",
  recorded: (ref: string, kind: string, percent: number | null) => `Đã ghi nhận cho ${ref}: ${kind}${percent !== null ? ` ${percent}%` : ""}.`,
  recordedDuplicate: (ref: string) => `Cập nhật này cho ${ref} đã được ghi nhận trước đó.`,
  recordedFiles: (count: number) => ` Kèm ${count} tệp minh chứng.`,
  recordedExtension: (date: string) => ` Đề nghị gia hạn đến ${date} đã gửi điều phối viên.`,
  confirmDone: (named: string, product: string) =>
    `Tin nhắn nêu văn bản loại ${named}, còn sản phẩm của nhiệm vụ này là ${product}, nên bot ghi nhận là «Đang thực hiện». Nếu nhiệm vụ đã hoàn thành, anh/chị bấm «Hoàn thành».`,
  undoHint: (minutes: number) => `Có thể hoàn tác trong ${minutes} phút.`,
  undone: (ref: string) => `Đã hoàn tác cập nhật cho ${ref}.`,
  extensionWithdrawnByEdit: (date: string) => `Đề nghị gia hạn đến ${date} đã được rút lại; điều phối viên sẽ được báo.`,
  revised: (ref: string, kind: string, percent: number | null) => `Đã sửa cập nhật cho ${ref}: ${kind}${percent !== null ? ` ${percent}%` : ""}.`,
  askWhichTask: (count: number, example: string) =>
    `Anh/chị đang báo cáo cho nhiệm vụ nào (cơ quan chủ trì ${count} nhiệm vụ đang mở)? Chọn bên dưới, hoặc gõ số thứ tự nhiệm vụ${example ? `, ví dụ ${example}` : ""}, hoặc trả lời (Reply) đúng tin nhắn về nhiệm vụ đó.`,
  whichTaskRefUnknown: (ref: string) => `Không thấy nhiệm vụ «${ref}» trong các nhiệm vụ đang mở mà cơ quan chủ trì. Chọn ở câu hỏi trên, hoặc gõ lại số thứ tự nhiệm vụ.`,
  askWhichTaskNone: () => "Đã bỏ qua tin nhắn. Gõ /tasks để xem nhiệm vụ.",
  extensionNeedsDate: () => "Chưa rõ ngày đề nghị gia hạn: anh/chị trả lời tin nhắn này với ngày, ví dụ «đến 15/12/2026».",
  noLeadTasks: () => "Cơ quan không chủ trì nhiệm vụ nào đang mở, nên bot chưa ghi nhận tin nhắn này. Gõ /tasks để xem các nhiệm vụ.",
  askExtensionDate: (ref: string) => `Xin gia hạn ${ref}: anh/chị trả lời tin nhắn này với ngày đề nghị và lý do, ví dụ «gia hạn đến 15/12 vì chờ ý kiến của Bộ».`,
  askBlocked: (ref: string) => `Vướng mắc ở ${ref}: anh/chị trả lời tin nhắn này, mô tả ngắn vướng mắc và đề xuất.`,
  tooLong: (max: number) => `Tin nhắn quá dài (hơn ${max} ký tự); bot đã ghi phần đầu.`,
  unsupported: () => "Bot chưa xử lý được loại tin nhắn này. Vui lòng gửi chữ, tệp hoặc ảnh.",
  unknownCommand: () => "Lệnh không có. Gõ /help để xem các lệnh.",
  staleButton: () => "Nút này không còn hiệu lực.",
  sorry: () => "Xin lỗi, đã có lỗi khi xử lý. Vui lòng thử lại sau ít phút.",
  statusHeader: (date: string) => `<b>Tình hình thực hiện</b> (tính đến ${date})`,
  statusTotals: (t: Record<CycleStatus, number>) =>
    `✅ Hoàn thành đúng hạn: ${t.done_on_time}\n☑️ Hoàn thành quá hạn: ${t.done_late}\n🔵 Đang thực hiện trong hạn: ${t.in_progress}\n🔴 Quá hạn: ${t.overdue}\n⚪ Không có hạn: ${t.no_deadline}`,
  statusCountedBy: (total: number) => `(${total} lượt giao việc cho cơ quan chủ trì; nhiệm vụ chung được tính cho từng cơ quan)`,
  agencyCount: (n: number) => `${n} cơ quan`,
  statusRankHeader: () => "<b>Cơ quan có nhiều nhiệm vụ quá hạn nhất</b>",
  statusNoOverdue: () => "Không có nhiệm vụ quá hạn.",
  statusAgencyHeader: (name: string, date: string) => `<b>${name}</b> (tính đến ${date})`,
  statusTaskHeader: (ref: string) => `<b>Nhiệm vụ ${ref}</b>`,
  statusNotFound: (query: string) => `Không tìm thấy cơ quan, kế hoạch hoặc nhiệm vụ «${query}».`,
  statusPlanHeader: (plan: string, date: string) => `<b>Tình hình thực hiện kế hoạch ${plan}</b> (tính đến ${date})`,
  statusByPlanHeader: () => "<b>Theo kế hoạch</b> (xem riêng: /status &lt;mã kế hoạch&gt;)",
  statusByPlanLine: (code: string, status: string, open: number, overdue: number) => `• <b>${code}</b> (${status}): ${open} đang mở, 🔴 ${overdue} quá hạn`,
  refAmbiguous: (ref: string, command: string) =>
    `Số thứ tự ${ref} có trong nhiều kế hoạch. Anh/chị chọn một (bấm nút hoặc gõ lại số thứ tự kèm mã kế hoạch, ví dụ /${command} 1861/${ref}):`,
  refChoice: (label: string, text: string) => `• <b>${label}</b> — ${text}`,
  plansHeader: (count: number) => `<b>Các kế hoạch: ${count}</b>`,
  planLine: (code: string, fullCode: string, status: string, issuer: string | null, title: string, tasks: number, open: number, overdue: number) =>
    `<b>${code}</b> — ${fullCode}${issuer ? `, ${issuer}` : ""} · ${status}\n${title}\n${tasks} nhiệm vụ · ${open} kỳ đang mở · 🔴 ${overdue} quá hạn`,
  plansHint: () => "Số thứ tự nhiệm vụ viết kèm mã kế hoạch khi có nhiều kế hoạch đang theo dõi, ví dụ 1861/III.1.1. Xem riêng: /status &lt;mã&gt;, /overdue &lt;mã&gt;.",
  noPlans: () => "Chưa nhập kế hoạch nào.",
  planUsage: () => "Cách dùng: /plan close|archive|reopen &lt;mã kế hoạch&gt; (xem mã bằng /plans).",
  unknownPlan: (code: string) => `Không có kế hoạch «${code}». Xem mã bằng /plans.`,
  planClosed: (code: string, status: string, reminders: number) =>
    `Kế hoạch <b>${code}</b> nay «${status}»: ngừng nhắc việc, hủy ${reminders} tin nhắc chưa gửi. Lịch sử và báo cáo vẫn giữ nguyên.`,
  planReopened: (code: string) => `Đã mở lại kế hoạch <b>${code}</b>: nhắc việc tiếp tục từ lượt sau.`,
  planUnchanged: (code: string, status: string) => `Kế hoạch <b>${code}</b> đã ở trạng thái «${status}».`,
  overdueHeader: (tasks: number, assignments: number) => `<b>Quá hạn: ${tasks} nhiệm vụ</b> (${assignments} lượt giao cho cơ quan chủ trì)`,
  ofPlan: (header: string, plan: string) => `${header} — kế hoạch ${plan}`,
  upcomingHeader: (days: number, tasks: number, assignments: number) => `<b>Đến hạn trong ${days} ngày tới: ${tasks} nhiệm vụ</b> (${assignments} lượt giao cho cơ quan chủ trì)`,
  earliestDue: (date: string) => `sớm nhất ${date}`,
  noneInList: () => "Không có.",
  andMore: (n: number) => `… và ${n} mục khác.`,
  badDays: () => "Số ngày không hợp lệ (1–365).",
  inviteCreated: (link: string, agency: string | null, role: string, expires: string) =>
    `Lời mời ${role}${agency ? ` của <b>${agency}</b>` : ""}, dùng một lần, hết hạn ${expires}:\n${link}`,
  inviteUsage: () => "Cách dùng: /invite &lt;mã cơ quan&gt; [focal|coordinator|admin]",
  invitesHeader: (count: number) => `<b>Lời mời chưa dùng: ${count}</b>`,
  inviteLine: (id: number, role: string, agency: string | null, expires: string, creator: string) =>
    `#${id} ${role}${agency ? `, ${agency}` : ""} — hết hạn ${expires}; người tạo: ${creator}`,
  invitesHint: () => "Thu hồi một lời mời: /revoke_invite &lt;số&gt;",
  inviteCreator: (createdBy: string, name: string | null) => name ?? (createdBy === "cli" ? "dòng lệnh (CLI)" : createdBy === "first-run" ? "lần khởi động đầu tiên" : createdBy),
  inviteRevoked: (id: number, role: string, agency: string | null) => `Đã thu hồi lời mời #${id} (${role}${agency ? ` của ${agency}` : ""}); đường dẫn của lời mời này không còn dùng được.`,
  revokeInviteUsage: () => "Cách dùng: /revoke_invite &lt;số&gt; (xem số của lời mời bằng /invites)",
  peopleHeader: (count: number) => `<b>Người dùng: ${count}</b>`,
  peopleLine: (id: number, name: string, role: string, agency: string | null, state: string) => `#${id} ${name} — ${role}${agency ? `, ${agency}` : ""}${state}`,
  peopleUsage: () => "Cách dùng: /people; /people move &lt;số&gt; &lt;mã cơ quan&gt;; /people off &lt;số&gt;",
  personMoved: (name: string, agency: string) => `Đã chuyển ${name} sang ${agency}.`,
  personOff: (name: string) => `Đã ngừng tài khoản của ${name}.`,
  unreachable: () => " (không liên lạc được)",
  extensionRequestTitle: (ref: string, agency: string) => `📅 <b>Đề nghị gia hạn ${ref}</b> — ${agency}`,
  extensionRequestDates: (current: string, proposed: string) => `Hạn hiện tại: ${current} → đề nghị: <b>${proposed}</b>`,
  extensionRequestBy: (who: string, reason: string) => `Người đề nghị: ${who}${reason ? `\nNội dung: ${reason}` : ""}`,
  extensionApproved: (ref: string, due: string, original: string | null) =>
    `✅ Đề nghị gia hạn ${ref} đã được đồng ý: hạn mới ${due}${original ? ` (hạn ban đầu ${original})` : ""}. Bot sẽ nhắc theo hạn mới.`,
  extensionRejected: (ref: string, due: string) => `❌ Đề nghị gia hạn ${ref} đến ${due} chưa được đồng ý; hạn giữ nguyên.`,
  extensionWithdrawn: (ref: string, agency: string, due: string) =>
    `↩️ Đề nghị gia hạn ${ref} đến ${due} (${agency}) đã được rút lại: cán bộ đầu mối đã sửa hoặc hoàn tác báo cáo. Không cần xử lý đề nghị này nữa.`,
  extensionDecidedBy: (ref: string, approved: boolean, who: string) => `${approved ? "✅ Đã đồng ý" : "❌ Đã không đồng ý"} gia hạn ${ref} (${who}).`,
  obstacleTitle: (ref: string, agency: string) => `⚠️ <b>Vướng mắc — ${ref}</b> — ${agency}`,
  obstacleBy: (who: string, text: string) => `Người báo cáo: ${who}${text ? `\nNội dung: ${text}` : ""}`,
  escalationTitle: (count: number) => `🔴 <b>Hôm nay có ${count} nhiệm vụ mới quá hạn</b>`,
  digestTitle: (date: string) => `📊 <b>Tổng hợp tuần</b> (${date})`,
  digestByPlan: () => "<b>Theo kế hoạch</b>",
  digestPlanLine: (plan: string, overdue: number, dueSoon: number) => `• ${plan}: 🔴 ${overdue} quá hạn, ${dueSoon} sắp đến hạn`,
  digestOverdue: (count: number) => `<b>Quá hạn: ${count}</b>`,
  digestDueSoon: (count: number) => `<b>Đến hạn trong 14 ngày tới: ${count} nhiệm vụ</b>`,
  digestUnreachable: (count: number) => `<b>Cán bộ không liên lạc được: ${count}</b>`,
  digestWithoutFocal: (count: number) => `<b>Cơ quan chưa có cán bộ đầu mối: ${count}</b>`,
  digestExtensions: (count: number) => `<b>Đề nghị gia hạn chờ xử lý: ${count}</b>`,
  setdueUsage: () => "Cách dùng: /setdue &lt;số TT nhiệm vụ&gt; &lt;ngày dd/mm/yyyy&gt;",
  setdueDone: (ref: string, date: string, count: number) => `Đã đặt hạn ${date} cho ${ref} (${count} cơ quan chủ trì).`,
  reminderTitle: (ref: string) => `⏰ <b>Nhắc việc — ${ref}</b>`,
  reminderAgency: (agency: string) => `Cơ quan chủ trì: ${agency}`,
  backlogTitle: (agency: string, count: number) => `📋 <b>${agency}</b> có ${count} nhiệm vụ đã quá hạn nhưng chưa báo cáo hoàn thành:`,
  checkInTitle: (agency: string, count: number) => `🗓 Kiểm tra định kỳ: <b>${agency}</b> có ${count} nhiệm vụ thường xuyên (không có hạn) chưa cập nhật tình hình trong 30 ngày qua:`,
  checkInHint: () => "Bấm vào nhiệm vụ để mở thẻ và báo cáo (Đang thực hiện, Hoàn thành, Vướng mắc), hoặc trả lời tin nhắn trên thẻ nhiệm vụ.",
  backlogHint: () => "Bấm vào nhiệm vụ để mở và báo cáo; nếu đã hoàn thành, bấm «Hoàn thành» trên thẻ nhiệm vụ. Từ nay bot nhắc mỗi tuần một lần cho việc quá hạn.",
  unreachableAlert: (name: string, agency: string | null) =>
    `⚠️ Không gửi được nhắc việc cho <b>${name}</b>${agency ? ` (${agency})` : ""}: người này đã chặn bot hoặc không còn dùng Telegram. Đề nghị liên hệ trực tiếp và cấp lại lời mời nếu cần.`,
};

export { errorTexts } from "../texts/errors.js";
