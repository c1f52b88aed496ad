/**
 * A Word document → plan text, through mammoth's HTML: one line per paragraph, list items
 * with their numbers ("1.", "a)", "-"), and each table row as `| c1 | c2 | … |` with merged
 * cells kept in their columns (a cell merged down leaves its column empty in the rows below,
 * which the plan reader takes as "same as above").
 */
import mammoth from "mammoth";
import { parseDocument } from "htmlparser2";
import { planFileTexts } from "../../texts/plan-files.js";
import { PlanFileError } from "./plan-file-error.js";

/** The few fields of htmlparser2's DOM nodes read here. */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
}

const blockTags = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6"]);

function inlineText(node: HtmlNode, breaks: string): string {
  if (node.type === "text") return node.data ?? "";
  if (node.name === "br") return breaks;
  return (node.children ?? []).map((child) => inlineText(child, breaks)).join("");
}

const clean = (text: string) => text.replace(/[ \t\u00a0]+/g, " ").trim();

function listMark(ordered: boolean, depth: number, index: number): string {
  if (!ordered) return "-";
  if (depth === 0) return `${index + 1}.`;
  if (depth === 1) return `${String.fromCharCode(97 + (index % 26))})`;
  return "-";
}

/** One table's rows, with rowspan/colspan cells given their place in every row they cover. */
function tableRows(table: HtmlNode): string[] {
  const rows = collect(table, "tr");
  const pending = new Map<number, number>(); // column → rows still covered by a merged cell above
  const lines: string[] = [];
  for (const row of rows) {
    const cells: string[] = [];
    let column = 0;
    const skipCovered = () => {
      while ((pending.get(column) ?? 0) > 0) {
        pending.set(column, pending.get(column)! - 1);
        cells.push("");
        column++;
      }
    };
    for (const cell of (row.children ?? []).filter((c) => c.name === "td" || c.name === "th")) {
      skipCovered();
      const span = Math.max(1, Number(cell.attribs?.colspan ?? 1) || 1);
      const down = Math.max(1, Number(cell.attribs?.rowspan ?? 1) || 1);
      const text = clean(blockLines(cell, 0).join(" ").replace(/\|/g, "/"));
      for (let i = 0; i < span; i++) {
        cells.push(i === 0 ? text : "");
        if (down > 1) pending.set(column, down - 1);
        column++;
      }
    }
    skipCovered();
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

/** Direct `tag` descendants that are not inside a nested table. */
function collect(node: HtmlNode, tag: string): HtmlNode[] {
  const found: HtmlNode[] = [];
  for (const child of node.children ?? []) {
    if (child.name === tag) found.push(child);
    else if (child.name !== "table") found.push(...collect(child, tag));
  }
  return found;
}

function blockLines(node: HtmlNode, depth: number): string[] {
  const lines: string[] = [];
  for (const child of node.children ?? []) {
    if (child.type === "text") {
      const text = clean(child.data ?? "");
      if (text !== "") lines.push(text);
    } else if (child.name && blockTags.has(child.name)) {
      lines.push(...inlineText(child, "\n").split("\n").map(clean));
    } else if (child.name === "table") {
      lines.push("", ...tableRows(child), "");
    } else if (child.name === "ol" || child.name === "ul") {
      const items = (child.children ?? []).filter((c) => c.name === "li");
      items.forEach((item, index) => {
        const own = (item.children ?? []).filter((c) => c.name !== "ol" && c.name !== "ul");
        const text = clean(own.map((c) => inlineText(c, " ")).join(" "));
        lines.push(`${listMark(child.name === "ol", depth, index)} ${text}`);
        lines.push(...blockLines({ type: "tag", children: (item.children ?? []).filter((c) => c.name === "ol" || c.name === "ul") }, depth + 1));
      });
    } else {
      lines.push(...blockLines(child, depth));
    }
  }
  return lines;
}

export async function docxToText(bytes: Buffer): Promise<string> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes }, { ignoreEmptyParagraphs: true })).value;
  } catch {
    throw new PlanFileError(planFileTexts.corruptDocx());
  }
  const document = parseDocument(html) as unknown as HtmlNode;
  return blockLines(document, 0)
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""))
    .join("\n");
}
