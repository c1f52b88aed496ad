/**
 * One small plan (a header, prose parts and an appendix task table) written three ways: as
 * text, as a Word document with a real table (a lead cell merged over two rows), and as a PDF
 * with a text layer (DejaVu Sans for the Vietnamese letters, the table drawn cell by cell with
 * long cells wrapping inside their column). Also the bad files: a scan, a damaged .docx.
 */
import { createRequire } from "node:module";
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from "docx";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const font = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

/** Lines before the table; a line is one paragraph. */
export const sampleProse = [
  "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
  "Số: 88/KH-UBND",
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
  "Độc lập - Tự do - Hạnh phúc",
  "Thanh Hóa, ngày 10 tháng 3 năm 2026",
  "KẾ HOẠCH",
  "Cải cách hành chính và nâng cao chất lượng phục vụ người dân năm 2026",
  "Thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030, Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính năm 2026 với các nội dung sau:",
  "I. MỤC ĐÍCH, YÊU CẦU",
  "1. Nâng cao chất lượng giải quyết thủ tục hành chính, lấy người dân và doanh nghiệp làm trung tâm phục vụ.",
  "2. Các nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp và thời gian hoàn thành được giao tại Phụ lục kèm theo Kế hoạch này.",
  "II. TỔ CHỨC THỰC HIỆN",
  "1. Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.",
  "Phụ lục: DANH MỤC NHIỆM VỤ",
  "(Kèm theo Kế hoạch số 88/KH-UBND ngày 10/3/2026 của UBND tỉnh Thanh Hóa)",
];

export const sampleHeader = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"];

/** Table rows; an empty lead cell under a lead is the same lead (merged in Word). */
export const sampleRows: string[][] = [
  ["I", "Cải cách thể chế", "", "", ""],
  ["1", "Rà soát, đề xuất bãi bỏ các văn bản quy phạm pháp luật do tỉnh ban hành không còn phù hợp với quy định mới", "Sở Tư pháp", "Các sở, ban, ngành", "Quý II/2026"],
  ["2", "Xây dựng quy định phân cấp quản lý tổ chức bộ máy, biên chế", "Sở Nội vụ", "Sở Tư pháp; Sở Tài chính", "Tháng 9/2026"],
  ["3", "Kiểm tra việc thực hiện quy định phân cấp tại các sở, ngành", "", "Văn phòng UBND tỉnh", "Quý IV/2026"],
  ["II", "Hiện đại hóa hành chính", "", "", ""],
  [
    "1",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực tại Trung tâm Phục vụ hành chính công tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Thông tin và Truyền thông",
    "Trước 30/6/2026",
  ],
  ["2", "Báo cáo tình hình vận hành Hệ thống thông tin giải quyết thủ tục hành chính", "Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh", "Hằng quý"],
  ["3", "Khảo sát mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính", "Sở Nội vụ", "UBND các huyện, thị xã, thành phố", "Tháng 11/2026"],
];

/** Tasks of the sample: the table's task rows (section rows excluded), and the body's one
 * assignment in "Tổ chức thực hiện" (Sở Nội vụ's report before 15/12/2026). */
export const sampleTaskCount = sampleRows.filter((r) => /^\d/.test(r[0]!)).length + 1;

/** The sample's rows and `extra` more tasks in a part III: a table long enough to run over pages. */
export function longerRows(extra: number): string[][] {
  const more = Array.from({ length: extra }, (_, i) => [
    String(i + 1),
    `Kiểm tra công tác cải cách hành chính tại đơn vị số ${i + 1}, báo cáo kết quả và kiến nghị biện pháp khắc phục`,
    i % 2 === 0 ? "Sở Nội vụ" : "Sở Tư pháp",
    "Văn phòng UBND tỉnh",
    `Tháng ${(i % 12) + 1}/2026`,
  ]);
  return [...sampleRows, ["III", "Kiểm tra cải cách hành chính", "", "", ""], ...more];
}

export function samplePlanText(rows: readonly string[][] = sampleRows): string {
  const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [...sampleProse, "", row(sampleHeader), row(sampleHeader.map(() => "---")), ...rows.map(row), ""].join("\n");
}

const widths = [600, 4200, 1900, 1900, 1400]; // twentieths of a point (DXA)

export async function samplePlanDocx(): Promise<Buffer> {
  const cell = (text: string, width: number, merge?: "restart" | "continue") =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      ...(merge && { verticalMerge: merge === "restart" ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE }),
      children: [new Paragraph(merge === "continue" ? "" : text)],
    });
  const rows = [sampleHeader, ...sampleRows].map(
    (cells, r, all) =>
      new TableRow({
        children: cells.map((text, c) => {
          // The lead column: a cell followed by an empty one in a task row is merged down over it.
          const below = all[r + 1];
          const merged =
            c === 2 && r > 0 && text === "" && /^\d/.test(cells[0]!) ? "continue" : c === 2 && below && below[2] === "" && /^\d/.test(below[0]!) && text !== "" ? "restart" : undefined;
          return cell(text, widths[c]!, merged);
        }),
      }),
  );
  const paragraphs = sampleProse.map(
    (line) => new Paragraph({ alignment: /^[A-ZĐỦỘ ,-]+$/u.test(line) ? AlignmentType.CENTER : AlignmentType.JUSTIFIED, children: [new TextRun({ text: line, bold: line === "KẾ HOẠCH" })] }),
  );
  const document = new Document({ sections: [{ children: [...paragraphs, new Table({ width: { size: 10000, type: WidthType.DXA }, rows })] }] });
  return Packer.toBuffer(document);
}

function pdfBytes(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { CreationDate: new Date("2026-03-10T00:00:00Z") } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

/** `centred`: the TT cell vertically centred in its row, as many offices lay tables out. */
export function samplePlanPdf(rows: readonly string[][] = sampleRows, options: { centred?: boolean } = {}): Promise<Buffer> {
  return pdfBytes((doc) => {
    doc.font(font).fontSize(11);
    for (const line of sampleProse) doc.text(line, { width: 495, paragraphGap: 6 });
    doc.moveDown();
    const columns = [30, 175, 100, 100, 90];
    const pad = 4;
    doc.fontSize(9);
    for (const cells of [sampleHeader, ...rows]) {
      const height = Math.max(...cells.map((text, c) => doc.heightOfString(text || " ", { width: columns[c]! - 2 * pad })));
      if (doc.y + height + 2 * pad > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const top = doc.y;
      let x = doc.page.margins.left;
      cells.forEach((text, c) => {
        doc.rect(x, top, columns[c]!, height + 2 * pad).stroke();
        const own = doc.heightOfString(text || " ", { width: columns[c]! - 2 * pad });
        const y = options.centred && c === 0 ? top + pad + (height - own) / 2 : top + pad;
        if (text) doc.text(text, x + pad, y, { width: columns[c]! - 2 * pad });
        x += columns[c]!;
      });
      doc.x = doc.page.margins.left;
      doc.y = top + height + 2 * pad;
    }
  });
}

/** A "scan": a page with a picture-like drawing and no text layer. */
export function scannedPdf(): Promise<Buffer> {
  return pdfBytes((doc) => {
    doc.rect(60, 60, 400, 600).fill("#dddddd");
    doc.rect(80, 90, 300, 12).fill("#333333");
  });
}

/** A .docx cut in half: still a zip header and the Word part's name, but unreadable. */
export async function damagedDocx(): Promise<Buffer> {
  const whole = await samplePlanDocx();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/**
 * A "zip bomb" shaped as a .docx: one entry, word/document.xml, whose directory says it unzips
 * to 300 MB (what an unzipper would allocate for), with a few stored bytes.
 */
export function zipBombDocx(): Buffer {
  const name = Buffer.from("word/document.xml");
  const data = Buffer.from("<w:document/>");
  const declared = 300 * 1024 * 1024;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  const directoryAt = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
