/**
 * Reads the prose shape of the genre: parts (I, II …), numbered items (1., 1.1.), lettered
 * items (a), b) … đ) …) and dash bullets. Leaves of the tree are tasks; who leads them is read
 * from the leaf or inherited from the nearest heading that names it.
 */
import type { AgencyMatcher } from "./agency-matcher.js";
import { isAgencyLike, readAssignmentClause, readPartyCell, type AssignmentClause } from "./assignment-clause.js";
import { extractDeadline, extractDeadlines, parseDeadlineCell, type DeadlineResult } from "./deadline-phrase.js";
import { fieldAt, splitFields } from "./task-fields.js";
import type { DocumentLine } from "./document-lines.js";
import { foldDiacritics } from "../domain/text.js";
import { sentenceCase } from "./text.js";
import { buildTask } from "./task-builder.js";
import { createRefAllocator, type RefAllocator } from "./task-refs.js";
import type { ParsedTask, PlanTarget, PlanWarning } from "./types.js";
import { planTexts } from "./warnings.js";

interface Node {
  kind: "root" | "part" | "numbered" | "letter" | "bullet";
  label: string;
  text: string;
  line: number;
  /** unmarked paragraphs under a heading, before any sub-item */
  body: Array<{ text: string; line: number }>;
  children: Node[];
  parent: Node | null;
  ref: string;
  /** 1-based position among the parent's bullets, set when the node is attached */
  ordinal: number;
}

function levelOf(node: Pick<Node, "kind" | "label">): number {
  switch (node.kind) {
    case "root":
      return -1;
    case "part":
      return 0;
    case "numbered":
      return node.label.split(".").length;
    case "letter":
      return 10;
    case "bullet":
      return 11;
  }
}

// Parts that state purposes and objectives rather than assign work.
const nonTaskPart = /muc dich|yeu cau|muc tieu|quan diem|can cu|su can thiet|danh gia|kinh phi|nguon von|nguon luc|pham vi|doi tuong|chi tieu|tam nhin/;
const taskPart = /nhiem vu|giai phap|to chuc thuc hien|phan cong/;

function isTaskPart(title: string): boolean {
  const folded = foldDiacritics(title);
  return taskPart.test(folded) || !nonTaskPart.test(folded);
}

function buildTree(lines: readonly DocumentLine[], warnings: PlanWarning[]): Node {
  const root: Node = { kind: "root", label: "", text: "", line: 0, body: [], children: [], parent: null, ref: "", ordinal: 0 };
  // Bullets seen per parent: a bullet's number without searching its siblings (linear on long lists).
  const bulletCount = new Map<Node, number>();
  let current: Node = root;
  for (const line of lines) {
    if (line.kind === "text" || line.kind === "table") {
      attachText(current, line, warnings);
      continue;
    }
    // "+ …" under a "- …" bullet details that bullet: its words, not a task of its own.
    if (line.kind === "subbullet" && current.kind === "bullet") {
      current.text = `${current.text}\n${line.raw}`;
      continue;
    }
    const node: Node = {
      kind: line.kind === "subbullet" ? "bullet" : line.kind,
      label: line.label,
      text: line.text,
      line: line.line,
      body: [],
      children: [],
      parent: null,
      ref: "",
      ordinal: 0,
    };
    let parent = current;
    while (parent.kind !== "root" && levelOf(parent) >= levelOf(node)) parent = parent.parent!;
    node.parent = parent;
    if (node.kind === "bullet") {
      node.ordinal = (bulletCount.get(parent) ?? 0) + 1;
      bulletCount.set(parent, node.ordinal);
    }
    parent.children.push(node);
    current = node;
  }
  return root;
}

/** An unmarked line: a heading's paragraph, or the rest of the item above it. */
function attachText(current: Node, line: DocumentLine, warnings: PlanWarning[]): void {
  if (current.kind === "root") return; // preamble: read for metadata elsewhere
  const isHeading = current.kind === "part" || current.kind === "numbered" || current.kind === "letter";
  if (isHeading && current.children.length === 0 && (current.body.length > 0 || current.kind !== "letter")) {
    current.body.push({ text: line.text, line: line.line });
    return;
  }
  const target = current.body.length > 0 ? current.body[current.body.length - 1]! : current;
  const previous = target.text;
  if (fieldAt(line.text)) {
    target.text = `${previous}\n${line.text}`;
    return;
  }
  // A line broken mid-sentence joins silently; a whole sentence without its mark is flagged.
  if (/[.;:!?…]$/.test(previous) && /^\p{Lu}/u.test(line.text)) {
    warnings.push({ line: line.line, message: planTexts.joinedLine(refOf(current)) });
    target.text = `${previous}\n${line.text}`;
  } else {
    target.text = `${previous} ${line.text}`;
  }
}

function refOf(node: Node): string {
  if (node.ref) return node.ref;
  const parentRef = node.parent && node.parent.kind !== "root" ? refOf(node.parent) : "";
  const own = node.kind === "bullet" ? String(node.ordinal) : node.label;
  if (node.kind === "part" || !parentRef) return own;
  if (node.kind === "numbered") return `${partOf(node)?.label ?? ""}${partOf(node) ? "." : ""}${own}`;
  return `${parentRef}.${own}`;
}

function partOf(node: Node): Node | null {
  let n: Node | null = node;
  while (n && n.kind !== "part") n = n.parent;
  return n;
}

function bodyText(node: Node): string {
  return node.body.map((b) => b.text).join("\n");
}

// Each heading is asked "who leads?" by every item under it: read it once.
const clauseCache = new WeakMap<Node, AssignmentClause | null>();
const titleCache = new WeakMap<Node, boolean>();

/** The node's own words, whether they stand on its line or in the paragraph under it. */
function clauseOf(node: Node, matcher: AgencyMatcher): AssignmentClause | null {
  if (!clauseCache.has(node)) clauseCache.set(node, readClauseOf(node, matcher));
  return clauseCache.get(node)!;
}

function readClauseOf(node: Node, matcher: AgencyMatcher): AssignmentClause | null {
  const asHeading = node.children.length > 0;
  return readAssignmentClause(node.text, matcher, asHeading) ?? (node.body.length > 0 ? readAssignmentClause(bodyText(node), matcher, node.children.length > 0) : null);
}

function isTitle(node: Node, matcher: AgencyMatcher): boolean {
  if (!titleCache.has(node)) {
    titleCache.set(node, (node.kind === "part" || node.kind === "numbered") && readAssignmentClause(node.text, matcher) === null);
  }
  return titleCache.get(node)!;
}

function sectionOf(leaf: Node, matcher: AgencyMatcher): string {
  for (let n: Node | null = leaf.children.length === 0 && leaf.body.length > 0 ? leaf : leaf.parent; n; n = n.parent) {
    if (n.kind !== "root" && isTitle(n, matcher)) return sentenceCase(n.text.replace(/[:.]$/, ""));
  }
  return "";
}

interface LeafWords {
  text: string;
  line: number;
}

function leafWords(leaf: Node, matcher: AgencyMatcher): LeafWords {
  if (leaf.body.length === 0) return { text: leaf.text, line: leaf.line };
  // "1.3. Cơ cấu lại …" followed by the paragraph that is the task.
  if (isTitle(leaf, matcher)) return { text: bodyText(leaf), line: leaf.body[0]!.line };
  return { text: `${leaf.text}\n${bodyText(leaf)}`, line: leaf.line };
}

function inheritedClause(leaf: Node, matcher: AgencyMatcher): (AssignmentClause & { line: number }) | null {
  for (let n = leaf.parent; n && n.kind !== "root"; n = n.parent) {
    const clause = clauseOf(n, matcher);
    if (clause && clause.leads.length > 0) return { ...clause, line: n.line };
  }
  return null;
}

const headingDeadlineCache = new WeakMap<Node, ReturnType<typeof extractDeadline>>();

/** A deadline stated on a heading applies to the items under it that name none. */
function headingDeadline(leaf: Node, year: number | undefined): ReturnType<typeof extractDeadline> | null {
  const parent = leaf.parent;
  if (!parent || parent.kind === "root" || parent.kind === "part") return null;
  if (!headingDeadlineCache.has(parent)) {
    const parts: string[] = [];
    for (let n: Node | null = parent; n && n.kind !== "root" && n.kind !== "part"; n = n.parent) parts.push(n.text, bodyText(n));
    headingDeadlineCache.set(parent, extractDeadline(parts.filter(Boolean).join("\n"), { year }));
  }
  const found = headingDeadlineCache.get(parent)!;
  return found.deadline.kind !== "none" || found.deadline.phrase !== null ? found : null;
}

/**
 * "5. Công an tỉnh" over the paragraph that is its task: a title that is only the names of who
 * leads (most of its words are the names), not a sentence.
 */
function agencyTitle(node: Node, matcher: AgencyMatcher): AssignmentClause | null {
  const title = node.text.replace(/[:.]\s*$/, "");
  if (title.split(/\s+/).length > 24) return null;
  const clause = readAssignmentClause(title, matcher, true);
  if (!clause || clause.leads.length === 0) return null;
  const named = clause.leads.reduce((n, p) => n + (p.kind === "entity" ? p.text.length : p.text.length), 0);
  return named >= title.replace(/^(Giao|Đề nghị)\s+/u, "").length * 0.7 ? clause : null;
}

/** A heading whose items are its fields ("- Cơ quan chủ trì: …", "- Thời gian thực hiện: …"): one task. */
function isFieldBlock(node: Node): boolean {
  if (node.kind === "root" || node.kind === "part" || node.children.length === 0) return false;
  return node.children.some((c) => {
    const field = c.children.length === 0 ? fieldAt(c.text) : null;
    return field !== null && field.kind !== "content" && field.kind !== "product";
  });
}

/** The block's words: its heading, its paragraph and every item under it, fields included. */
function blockWords(node: Node): LeafWords {
  const parts = [node.text, bodyText(node)];
  for (const child of node.children) parts.push(child.text, bodyText(child));
  return { text: parts.filter(Boolean).join("\n"), line: node.line };
}

/** "Cơ quan chủ trì: Sở X chủ trì tham mưu …; Sở Y …" or a plain list of agencies. */
function partiesOfField(value: string, matcher: AgencyMatcher): AssignmentClause {
  // "Sở X; Sở Y; Sở Văn hóa, Thể thao và Du lịch": a list of agencies, one per item
  if (value.includes(";")) {
    const listed = readPartyCell(value.replace(/[.\s]+$/u, ""), matcher);
    if (listed.length > 1 && listed.every((p) => isAgencyLike(p) || p.kind === "generic")) return { leads: listed, coordinates: [] };
  }
  const clause = readAssignmentClause(value, matcher);
  if (clause && clause.leads.length > 0) return clause;
  return { leads: readPartyCell(value, matcher), coordinates: [] };
}

export interface ProseResult {
  tasks: ParsedTask[];
  targets: PlanTarget[];
}

export function readProsePlan(
  lines: readonly DocumentLine[],
  matcher: AgencyMatcher,
  year: number | undefined,
  warnings: PlanWarning[],
  hasTaskTable = false,
  uniqueRef: RefAllocator = createRefAllocator(warnings),
): ProseResult {
  const root = buildTree(lines, warnings);
  const tasks: ParsedTask[] = [];
  const targets: PlanTarget[] = [];
  // The part each task comes from: a part none of whose tasks names a lead is a thematic list.
  const partOfTask = new Map<ParsedTask, Node | null>();

  const visit = (node: Node, inTaskPart: boolean) => {
    node.ref = refOf(node);
    const block = isFieldBlock(node);
    if (node.children.length > 0 && !block) {
      for (const child of node.children) visit(child, inTaskPart);
      return;
    }
    if (!inTaskPart) {
      if (node.kind === "bullet") targets.push({ line: node.line, section: sectionOf(node, matcher), text: node.text });
      return;
    }
    const headingOnly = !block && node.body.length > 0 && node.children.length === 0 ? agencyTitle(node, matcher) : null;
    const words = block ? blockWords(node) : headingOnly ? { text: bodyText(node), line: node.body[0]!.line } : leafWords(node, matcher);
    const split = splitFields(words.text);
    const text = split.text || node.text;
    const fieldLeads = split.fields.lead !== undefined ? partiesOfField(split.fields.lead, matcher) : null;
    const own = fieldLeads && fieldLeads.leads.length > 0 ? fieldLeads : readAssignmentClause(text, matcher);
    // "3. Sở Giáo dục và Đào tạo" over the paragraph that is its task
    const titled = headingOnly ?? (!own?.leads.length && node.body.length > 0 && node.children.length === 0 ? readAssignmentClause(node.text, matcher, true) : null);
    const inherited = own?.leads.length || titled?.leads.length ? null : inheritedClause(node, matcher);
    const fieldCoordinates = split.fields.coordinate !== undefined ? readPartyCell(split.fields.coordinate, matcher) : [];
    let deadlines: DeadlineResult[];
    if (split.fields.time !== undefined) deadlines = [parseDeadlineCell(split.fields.time, { year })];
    else {
      deadlines = extractDeadlines(text, { year });
      const first = deadlines[0]!;
      if (deadlines.length === 1 && first.deadline.kind === "none" && first.deadline.phrase === null) deadlines = [headingDeadline(node, year) ?? first];
    }
    const leads = headingOnly ? headingOnly.leads : own?.leads.length ? own.leads : titled?.leads.length ? titled.leads : (inherited?.leads ?? []);
    const coordinates = [...(inherited?.coordinates ?? []), ...(titled?.coordinates ?? []), ...(own?.coordinates ?? []), ...fieldCoordinates];
    // One task per cadence, and a one-off task apart from its periodic report.
    deadlines.forEach((deadline, k) => {
      const task = buildTask(
        {
          ref: k === 0 ? node.ref : `${node.ref}-r${k + 1}`,
          section: sectionOf(node, matcher),
          text,
          line: words.line,
          leads,
          coordinates,
          deadline,
          partiesLine: inherited?.line,
        },
        matcher,
        warnings,
      );
      tasks.push(task);
      partOfTask.set(task, partOf(node));
    });
  };

  for (const part of root.children) visit(part, part.kind !== "part" || isTaskPart(part.text));
  // When the plan assigns work per agency (in a part, or in a task table), a part that names
  // no agency at all is a thematic list of what is to be done, not tasks.
  const ledParts = new Set([...partOfTask].filter(([task]) => task.leads.some((p) => !p.generic)).map(([, part]) => part));
  const kept = ledParts.size > 0 || hasTaskTable ? tasks.filter((task) => ledParts.has(partOfTask.get(task) ?? null)) : tasks;
  // Refs are made unique among the tasks kept: a dropped thematic item takes no ref from the table.
  for (const task of kept) task.ref = uniqueRef(task.ref, task.line);
  return { tasks: kept, targets };
}
