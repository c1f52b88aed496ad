/**
 * Every warning and error the plan reader can give, in Vietnamese, in one place. Admins and
 * coordinators read them next to the document, so each names what was found as written.
 */
export const planTexts = {
  unknownAgency: (name: string) => `Cơ quan "${name}" không có trong danh mục cơ quan; giữ nguyên tên như văn bản.`,
  noLead: (ref: string) => `Không xác định được cơ quan chủ trì của nhiệm vụ ${ref}; nhiệm vụ vẫn được nhập nhưng chưa giao cho ai.`,
  unreadDeadline: (phrase: string) => `Không hiểu mốc thời gian "${phrase}"; cần điều phối viên đặt hạn.`,
  startOnlyDeadline: (phrase: string) => `Mốc thời gian "${phrase}" chỉ nêu lúc bắt đầu, không có hạn hoàn thành; cần điều phối viên đặt hạn.`,
  joinedLine: (ref: string) => `Dòng không có ký hiệu đầu dòng; đã ghép vào nhiệm vụ ${ref} ở trên.`,
  orphanLine: () => `Dòng nằm ngoài các phần của kế hoạch; bỏ qua khi đọc nhiệm vụ.`,
  duplicateRef: (ref: string, used: string) => `Số thứ tự ${ref} bị trùng; nhiệm vụ này được ghi là ${used}.`,
  noCode: (fallback: string) => `Không tìm thấy số hiệu văn bản (ví dụ "1861/QĐ-UBND"); dùng "${fallback}".`,
  noTitle: () => `Không tìm thấy tên kế hoạch; dùng dòng đầu tiên của văn bản.`,
  noIssueDate: () => `Không tìm thấy ngày ban hành văn bản.`,
  tableRowWithoutTask: () => `Dòng bảng không có nội dung nhiệm vụ; bỏ qua.`,
  tableContinuationWithoutRow: () => `Dòng bảng tiếp nối nhưng không có dòng nhiệm vụ nào ở trên; bỏ qua.`,
  tableCellCount: (found: number, expected: number) => `Dòng bảng có ${found} ô, tiêu đề có ${expected} ô.`,
  noTasks: () => `Văn bản không có nhiệm vụ nào: không thấy các phần I, II, III… có giao việc, cũng không thấy bảng nhiệm vụ (TT | Nhiệm vụ | Cơ quan chủ trì | …).`,
  empty: () => `Văn bản trống.`,
  unreadableCharacters: () => `Dòng có ký tự không đọc được (�); hãy đối chiếu với văn bản gốc.`,
  notText: () => `Tệp không phải văn bản thuần (có ký tự nhị phân hoặc không phải UTF-8).`,
} as const;
