/**
 * Word → plan text: Word's own list numbering comes out as the marks the plan reader knows
 * ("1.", "a)", "-"), and a table keeps every cell in its column through merged cells.
 */
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { describe, expect, it } from "vitest";
import { docxToText } from "../../src/services/plans/plan-docx.js";

const numbering = {
  config: [
    {
      reference: "plan",
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: "%2)", alignment: AlignmentType.START },
      ],
    },
    { reference: "dash", levels: [{ level: 0, format: LevelFormat.BULLET, text: "-", alignment: AlignmentType.START }] },
  ],
};

describe("docxToText", () => {
  it("writes Word's list numbering as the marks of the genre", async () => {
    const item = (text: string, level: number, reference = "plan") => new Paragraph({ text, numbering: { reference, level } });
    const document = new Document({
      numbering,
      sections: [
        {
          children: [
            new Paragraph("II. TỔ CHỨC THỰC HIỆN"),
            item("Sở Nội vụ chủ trì tổng hợp kết quả.", 0),
            item("Báo cáo quý gửi trước ngày 15 tháng cuối quý.", 1),
            item("Báo cáo năm gửi trước ngày 30/11.", 1),
            item("Sở Tài chính bố trí kinh phí.", 0),
            item("Các sở, ngành phối hợp thực hiện.", 0, "dash"),
          ],
        },
      ],
    });
    const text = await docxToText(await Packer.toBuffer(document));
    expect(text.split("\n")).toEqual([
      "II. TỔ CHỨC THỰC HIỆN",
      "1. Sở Nội vụ chủ trì tổng hợp kết quả.",
      "a) Báo cáo quý gửi trước ngày 15 tháng cuối quý.",
      "b) Báo cáo năm gửi trước ngày 30/11.",
      "2. Sở Tài chính bố trí kinh phí.",
      "- Các sở, ngành phối hợp thực hiện.",
    ]);
  });

  it("keeps table cells in their columns across a title merged over columns and a lead merged down", async () => {
    const cell = (text: string, options: { columnSpan?: number; rowSpan?: number } = {}) => new TableCell({ children: [new Paragraph(text)], ...options });
    const table = new Table({
      rows: [
        new TableRow({ children: ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"].map((t) => cell(t)) }),
        new TableRow({ children: [cell("I"), cell("Cải cách thể chế", { columnSpan: 3 })] }),
        new TableRow({ children: [cell("1"), cell("Rà soát văn bản | quy phạm"), cell("Sở Tư pháp", { rowSpan: 2 }), cell("Quý II/2026")] }),
        new TableRow({ children: [cell("2"), cell("Công bố kết quả rà soát"), cell("Quý III/2026")] }),
      ],
    });
    const text = await docxToText(await Packer.toBuffer(new Document({ sections: [{ children: [table] }] })));
    expect(text.split("\n").filter((l) => l !== "")).toEqual([
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |",
      "| I | Cải cách thể chế |  |  |",
      "| 1 | Rà soát văn bản / quy phạm | Sở Tư pháp | Quý II/2026 |",
      "| 2 | Công bố kết quả rà soát |  | Quý III/2026 |",
    ]);
  });
});
