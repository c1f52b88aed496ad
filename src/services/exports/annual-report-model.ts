/**
 * What the annual consolidated report holds: the data step (annual-report.ts) builds it, the
 * .docx step (annual-report-docx.ts) renders it. Shared here so neither imports the other's types.
 */
export type Timeliness = "on_time" | "late" | "pending" | "overdue";

export interface AgencySubmission {
  agencyCode: string;
  agencyName: string;
  due: string | null;
  /** the due date before an approved extension; null when it was not extended */
  originalDue: string | null;
  submittedOn: string | null;
  timeliness: Timeliness;
  /** days late (submitted) or overdue (not submitted); 0 otherwise */
  daysLate: number;
  /** what the agency wrote, done reports first, each newest first */
  entries: Array<{ on: string; text: string }>;
  fileNames: string[];
  unnamedFiles: number;
}

export interface AnnualReportSection {
  ref: string;
  text: string;
  deadlinePhrase: string | null;
  agencies: AgencySubmission[];
}

export interface AnnualReportData {
  year: number;
  today: string;
  plan: { code: string; title: string; issuedOn: string | null };
  sections: AnnualReportSection[];
  totals: { expected: number; submitted: number; onTime: number; late: number; missing: number };
}
