/**
 * One set of task refs per plan: the body's items and the task table's rows share it, so a
 * body item II.1 and the table's section II row 1 do not both come out as "II.1" (the stored
 * plan keys its tasks by ref). A ref seen before gets the next free "-2", "-3" … and a warning;
 * the suffix counts occurrences, not lines, so the same plan read from .txt, .docx or .pdf gets
 * the same refs. Linear: a ref seen 1,000 times costs 1,000 steps, not 500,000.
 */
import type { PlanWarning } from "./types.js";
import { planTexts } from "./warnings.js";

export type RefAllocator = (wanted: string, line: number) => string;

export function createRefAllocator(warnings: PlanWarning[]): RefAllocator {
  const used = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return (wanted, line) => {
    let ref = wanted;
    if (used.has(ref)) {
      let n = nextSuffix.get(ref) ?? 2;
      while (used.has(`${ref}-${n}`)) n++;
      nextSuffix.set(ref, n + 1);
      warnings.push({ line, message: planTexts.duplicateRef(ref, `${ref}-${n}`) });
      ref = `${ref}-${n}`;
    }
    used.add(ref);
    return ref;
  };
}
