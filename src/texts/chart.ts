/** Every word drawn on the status chart pictures, in Vietnamese. */

export const chartTexts = {
  empty: "Không có dữ liệu",
  more: (n: number) => `… và ${n} mục khác không hiển thị`,
  planTitle: "Tình hình thực hiện theo cơ quan chủ trì",
  agencyTitle: (agency: string) => `${agency}: tình hình thực hiện theo lĩnh vực`,
  taskTitle: (ref: string) => `Nhiệm vụ ${ref}: tình hình theo cơ quan chủ trì`,
  asOf: (date: string) => `Tính đến ngày ${date}`,
  /** the bar of tasks that sit under no section title */
  noSection: "Nhiệm vụ chung",
};
