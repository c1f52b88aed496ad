/**
 * The annual consolidated report as a Word document laid out the way Vietnamese administrative
 * documents are (Decree 30/2020/NĐ-CP): A4, Times New Roman 13 pt, the national motto, headings,
 * one table per reporting task, and a signature block left for the person who signs.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableBorders, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from "docx";
import { annualReportTexts as t } from "../../texts/annual-report.js";
import type { AgencySubmission, AnnualReportData, AnnualReportSection } from "./annual-report-model.js";

const font = "Times New Roman";
// Twips: A4, margins 2 cm top and bottom, 3 cm left, 1.5 cm right.
const page = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 850 };
const textWidth = page.width - page.left - page.right;
// Both date columns fit "30/11/2026" at 13 pt on one line (checked by converting with LibreOffice).
const columnWidths = [600, 2600, 1500, 1500, 1655, 1500];

interface Line {
  text: string;
  bold?: boolean;
  italics?: boolean;
}

function paragraph(
  text: string | Line[],
  options: { align?: "center" | "both"; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; italics?: boolean; bold?: boolean } = {},
): Paragraph {
  const runs = typeof text === "string" ? [{ text, italics: options.italics, bold: options.bold }] : text;
  return new Paragraph({
    ...(options.heading && { heading: options.heading }),
    alignment: options.align === "center" ? AlignmentType.CENTER : options.align === "both" ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
    spacing: { after: 80 },
    children: runs.map((run) => new TextRun({ text: run.text, bold: run.bold ?? false, italics: run.italics ?? false })),
  });
}

function cell(lines: readonly (string | Line)[], width: number, options: { header?: boolean; align?: "center" } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    ...(options.header && { shading: { type: ShadingType.CLEAR, fill: "E7E6E6", color: "auto" } }),
    children: lines.map((line) => {
      const run = typeof line === "string" ? { text: line } : line;
      return new Paragraph({
        alignment: options.header || options.align ? AlignmentType.CENTER : AlignmentType.LEFT,
        children: [new TextRun({ text: run.text, bold: options.header || (run.bold ?? false), italics: run.italics ?? false })],
      });
    }),
  });
}

/** Two borderless columns: the masthead at the top, the recipients and signature at the end. */
function twoColumns(left: readonly (string | Line)[], right: readonly (string | Line)[]): Table {
  const half = Math.floor(textWidth / 2);
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: [half - 600, half + 600],
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [cell(left, half - 600, { align: "center" }), cell(right, half + 600, { align: "center" })] })],
  });
}

function statusOf(a: AgencySubmission): string {
  return a.timeliness === "late" || a.timeliness === "overdue" ? t.timeliness[a.timeliness](a.daysLate) : t.timeliness[a.timeliness]();
}

function submissionTable(section: AnnualReportSection): Table {
  const header = new TableRow({ tableHeader: true, children: t.columns.map((title, i) => cell([title], columnWidths[i]!, { header: true })) });
  const rows = section.agencies.map(
    (a, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([String(i + 1)], columnWidths[0]!, { align: "center" }),
          cell([a.agencyName], columnWidths[1]!),
          cell([t.due(a.due, a.originalDue)], columnWidths[2]!, { align: "center" }),
          cell([t.submittedOn(a.submittedOn)], columnWidths[3]!, { align: "center" }),
          cell([statusOf(a)], columnWidths[4]!),
          cell([t.files(a.fileNames, a.unnamedFiles)], columnWidths[5]!),
        ],
      }),
  );
  return new Table({ width: { size: textWidth, type: WidthType.DXA }, columnWidths, rows: [header, ...rows] });
}

function contents(section: AnnualReportSection): Paragraph[] {
  const reporting = section.agencies.filter((a) => a.entries.length > 0 || a.fileNames.length + a.unnamedFiles > 0);
  if (reporting.length === 0) return [paragraph(t.noContents, { italics: true })];
  return reporting.flatMap((a, i) => [
    paragraph(t.agencyLine(i + 1, a.agencyName, a.agencyCode), { bold: true }),
    ...a.entries.map((entry) => paragraph(t.entry(entry.on, entry.text), { align: "both" })),
    ...(a.fileNames.length + a.unnamedFiles > 0 ? [paragraph(t.attachments(t.files(a.fileNames, a.unnamedFiles)), { italics: true })] : []),
  ]);
}

function body(data: AnnualReportData): Array<Paragraph | Table> {
  const several = data.sections.length > 1;
  const missing = data.sections.flatMap((s) => s.agencies.filter((a) => a.submittedOn === null).map((a) => ({ a, ref: several ? s.ref : null })));
  return [
    twoColumns(
      [{ text: t.issuerPlaceholder, bold: true }, t.numberPlaceholder],
      [
        { text: t.nation, bold: true },
        { text: t.motto, bold: true },
        { text: t.placeAndDate(data.today), italics: true },
      ],
    ),
    paragraph(t.title(data.year), { heading: HeadingLevel.TITLE, align: "center" }),
    paragraph(t.plan(data.plan.code, data.plan.issuedOn, data.plan.title), { align: "center", italics: true }),
    paragraph(t.asOf(data.today), { align: "center", italics: true }),
    paragraph(t.addressee, { align: "center" }),
    paragraph(t.overviewHeading, { heading: HeadingLevel.HEADING_1 }),
    paragraph(data.sections.length === 0 ? t.noReportTask : t.overview(data.totals), { align: "both" }),
    paragraph(t.resultsHeading, { heading: HeadingLevel.HEADING_1 }),
    ...data.sections.flatMap((section, i) => [
      paragraph(t.taskHeading(i + 1, section.ref), { heading: HeadingLevel.HEADING_2 }),
      paragraph(section.text, { align: "both", italics: true }),
      paragraph(t.taskDeadline(section.deadlinePhrase)),
      submissionTable(section),
      paragraph(t.contentsHeading, { heading: HeadingLevel.HEADING_3 }),
      ...contents(section),
    ]),
    paragraph(t.missingHeading, { heading: HeadingLevel.HEADING_1 }),
    ...(missing.length === 0 ? [paragraph(t.noneMissing)] : missing.map(({ a, ref }, i) => paragraph(t.missingLine(i + 1, a.agencyName, ref, statusOf(a))))),
    paragraph(t.assessmentHeading, { heading: HeadingLevel.HEADING_1 }),
    paragraph(t.assessmentPlaceholder, { italics: true }),
    paragraph(""),
    twoColumns(
      [{ text: t.recipients, bold: true, italics: true }, ...t.recipientLines],
      [
        { text: t.signer, bold: true },
        { text: t.signHint, italics: true },
      ],
    ),
  ];
}

const heading = (size: number, options: { italics?: boolean } = {}) => ({
  run: { font, size, bold: true, italics: options.italics ?? false, color: "000000" },
  paragraph: { spacing: { before: 160, after: 80 } },
});

export async function renderAnnualReport(data: AnnualReportData): Promise<Buffer> {
  const document = new Document({
    creator: t.author,
    title: t.title(data.year),
    styles: {
      default: {
        document: { run: { font, size: 26 }, paragraph: { spacing: { line: 276 } } },
        title: { run: { font, size: 28, bold: true, color: "000000" }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 80 } } },
        heading1: heading(26),
        heading2: heading(26),
        heading3: heading(26, { italics: true }),
      },
    },
    sections: [
      {
        properties: { page: { size: { width: page.width, height: page.height }, margin: { top: page.top, bottom: page.bottom, left: page.left, right: page.right } } },
        children: body(data),
      },
    ],
  });
  return Packer.toBuffer(document);
}
