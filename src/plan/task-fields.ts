/**
 * Field-labelled tasks: "Nhiệm vụ: … Cơ quan chủ trì: X. Cơ quan phối hợp: Y. Thời gian thực
 * hiện: Z." The labels come in variants (Nội dung thực hiện; Cơ quan thực hiện / tham mưu
 * thực hiện / Đơn vị chủ trì; Thời gian hoàn thành / Thời hạn ban hành; Sản phẩm), as lines,
 * bullets, lettered items or inside one paragraph after a sentence.
 */
import { foldDiacritics } from "../domain/text.js";

export type FieldKind = "lead" | "coordinate" | "time" | "content" | "product";

const labels: Array<[FieldKind, RegExp]> = [
  ["coordinate", /^(?:co quan|don vi)(?: chu tri,)? phoi hop(?: thuc hien)?\s*:/],
  ["lead", /^(?:co quan|don vi)(?: (?:chu tri|thuc hien|tham muu|dau moi))(?:[, ]+(?:chu tri|thuc hien|tham muu|dau moi|trien khai))*\s*:/],
  ["time", /^(?:thoi gian|thoi han|tien do)(?: (?:thuc hien|hoan thanh|ban hanh|trien khai|trinh))?\s*:?/],
  ["content", /^(?:noi dung(?: thuc hien| cong viec)?|nhiem vu)\s*:/],
  ["product", /^(?:san pham|ket qua(?: dau ra| du kien)?)\s*:/],
];

/** The field a line or sentence starts with, and where its value starts; null for plain words. */
export function fieldAt(text: string): { kind: FieldKind; value: string } | null {
  const folded = foldDiacritics(text.trimStart());
  for (const [kind, pattern] of labels) {
    const m = pattern.exec(folded);
    // "Thời gian" without a colon must go on with a time ("Thời gian thực hiện sau khi …")
    if (m && (m[0].endsWith(":") || (kind === "time" && /^\s*(sau|tu|nam|quy|thang|truoc|trong|den|thuong|hang)\b/.test(folded.slice(m[0].length))))) {
      const offset = text.length - text.trimStart().length;
      return {
        kind,
        value: text
          .slice(offset + m[0].length)
          .replace(/^[\s:]+/, "")
          .trim(),
      };
    }
  }
  return null;
}

export interface TaskFields {
  /** the words that are not fields (the task itself) */
  text: string;
  fields: Partial<Record<FieldKind, string>>;
}

// A field starts a line, or a sentence inside a paragraph ("… gửi Bộ Tài chính. Thời gian hoàn thành: …").
const sentenceStart = /(?:\n|(?<=[.])\s+)(?=\p{Lu})/u;

/** Splits a task's words into its own text and the fields stated inside it. */
export function splitFields(text: string): TaskFields {
  const fields: Partial<Record<FieldKind, string>> = {};
  const own: string[] = [];
  for (const piece of text.split(sentenceStart)) {
    const field = fieldAt(piece);
    if (!field) {
      own.push(piece.trim());
      continue;
    }
    if (field.kind === "content") own.push(field.value);
    else fields[field.kind] = fields[field.kind] ? `${fields[field.kind]}; ${field.value}` : field.value;
  }
  return { text: own.filter(Boolean).join("\n"), fields };
}

export function hasFields(fields: TaskFields["fields"]): boolean {
  return fields.lead !== undefined || fields.coordinate !== undefined || fields.time !== undefined;
}
