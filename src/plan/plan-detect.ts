/**
 * Is this document a plan at all? `import README.md` once wrote 78 tasks. A plan of the genre
 * carries four signs: an issuing header (the issuer, "Số: 12/KH-UBND", the national motto), a
 * plan or decision title ("KẾ HOẠCH", "QUYẾT ĐỊNH", "(Kèm theo Quyết định số …)"), numbered
 * parts or a task table, and tasks assigned to agencies. A document is taken as a plan when it
 * shows a header or a title, parts, and agencies; otherwise the missing signs are the reason.
 * Pure: the caller reads the file and parses it.
 */
import { readLines } from "./document-lines.js";
import { foldDiacritics } from "../domain/text.js";
import type { ParsedTask } from "./types.js";

export type PlanSign = "header" | "title" | "parts" | "agencies";

export interface PlanDetection {
  isPlan: boolean;
  /** the signs found */
  found: PlanSign[];
  /** the signs missing that decided the refusal (empty when it is a plan) */
  missing: PlanSign[];
}

/** How far into the document the header and title are looked for. */
const headLines = 120;

const headerPatterns = [
  /^(uy ban nhan dan|ubnd)\b/,
  /^cong hoa xa hoi chu nghia viet nam\b/,
  /^doc lap\s*-\s*tu do\s*-\s*hanh phuc\b/,
  /^(thu tuong chinh phu|chinh phu|bo [a-z ]+|hoi dong nhan dan|tinh uy|thanh uy)$/,
  /^so\s*:?\s*\d+\s*\/\s*[a-z0-9-]*(kh|qd|ct|nq|ubnd|ttg|cp)\b/,
];

/** The kind of document in capitals at the start of a line ("QUYẾT ĐỊNH VỀ VIỆC …"), or the appendix note. */
const titleWords = /^(KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN|CHỈ THỊ|NGHỊ QUYẾT)(\s|$)/u;
const attachedNote = /\(?kem theo (quyet dinh|ke hoach|cong van|nghi quyet) so\b/;

/** A line that assigns work to a named agency: "Sở Y tế chủ trì", "Chủ trì, phối hợp với các Bộ …". */
const namedAgency = /(^|[\s,;(])((Bộ|Sở|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ban|Công an|Cục|Văn phòng|Thanh tra|Đài)\s+\p{Lu}|[Cc]ác ([Bb]ộ|[Ss]ở|[Bb]an)(?=[\s,;.]|$))/u;
/** A heading that is an agency alone: "2. Sở Tài chính", "5. Công an tỉnh". */
const agencyHeading = /^(Bộ|Sở|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ban|Công an|Cục|Văn phòng|Thanh tra|Đài|Các [Bb]ộ|Các [Ss]ở)\s/u;
const assigning = /chủ trì|phối hợp|giao\s/iu;

/** Names of agencies as every plan writes them, known to the registry or not. */
const agencyStart =
  /^(cac )?(so|ban|bo|uy ban|ubnd|cong an|bo chi huy|van phong|cuc|chi cuc|kho bac|ngan hang|thanh tra|dai|bao|hoi|lien doan|lien minh|doan|trung tam|truong|benh vien|vien|tong cuc|bao hiem|quy|cong ty|tap doan|hdnd|hoi dong|mat tran|tinh doan|co quan|don vi|dia phuong|chu tich|giam doc|thu truong|nganh)\b/;

function isUpperCase(text: string): boolean {
  return text === text.toUpperCase() && /\p{Lu}/u.test(text);
}

export function detectPlan(document: string, tasks: readonly ParsedTask[]): PlanDetection {
  const lines = readLines(document);
  const head = lines.slice(0, headLines).flatMap((line) => (line.kind === "table" ? line.raw.split(/[|\t]/) : [line.raw]));
  const folded = head.map((text) => ({ text: text.replace(/[*_#]/g, "").trim(), key: foldDiacritics(text.replace(/[*_#]/g, "").trim()).toLowerCase() }));
  const header = folded.some(({ text, key }) => headerPatterns.some((p) => p.test(key)) && (isUpperCase(text) || /^so\b/.test(key)));
  const title = folded.some(({ text, key }) => titleWords.test(text) || attachedNote.test(key));
  const parts = lines.filter((l) => l.kind === "part").length >= 2 || (lines.some((l) => l.kind === "table") && tasks.length > 0);
  // From the tasks read, or from the words when the reader found no lead (a layout it does not know).
  const agencies =
    tasks.some((task) => task.leads.some((p) => p.codes.length > 0 || agencyStart.test(foldDiacritics(p.name).toLowerCase()))) ||
    lines.filter((l) => (namedAgency.test(l.raw) && assigning.test(l.raw)) || (l.kind === "numbered" && l.text.length < 120 && agencyHeading.test(l.text))).length >= 3;
  const signs: Record<PlanSign, boolean> = { header, title, parts, agencies };
  const found = (Object.keys(signs) as PlanSign[]).filter((s) => signs[s]);
  const isPlan = (header || title) && parts && agencies;
  const missing = isPlan ? [] : (Object.keys(signs) as PlanSign[]).filter((s) => !signs[s] && (s === "parts" || s === "agencies" || !(header || title)));
  return { isPlan, found, missing };
}
