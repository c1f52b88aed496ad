/**
 * Pairs the tasks of a re-imported document with the stored ones: the same ref and text first,
 * then the same text under a new ref (an item inserted above it), then the same ref with new
 * text (a corrected sentence). What is left is new, or gone from the document.
 */
import type { Task } from "../../domain/model.js";
import type { ParsedTask } from "../../plan/types.js";
import { foldedKey } from "../../plan/text.js";

export interface TaskPair {
  stored: Task | null;
  parsed: ParsedTask;
}

export function matchTasks(stored: readonly Task[], parsed: readonly ParsedTask[]): { pairs: TaskPair[]; removed: Task[] } {
  const free = new Set(stored);
  const found = new Map<ParsedTask, Task>();
  const textKey = (text: string) => foldedKey(text);
  const passes: Array<(s: Task, p: ParsedTask) => boolean> = [
    (s, p) => s.ref === p.ref && textKey(s.text) === textKey(p.text),
    (s, p) => textKey(s.text) === textKey(p.text),
    (s, p) => s.ref === p.ref,
  ];
  for (const pass of passes) {
    for (const task of parsed) {
      if (found.has(task)) continue;
      const match = [...free].find((s) => pass(s, task));
      if (!match) continue;
      found.set(task, match);
      free.delete(match);
    }
  }
  return { pairs: parsed.map((task) => ({ stored: found.get(task) ?? null, parsed: task })), removed: [...free] };
}
