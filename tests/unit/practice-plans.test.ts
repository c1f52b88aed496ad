/**
 * The importer on twelve real plans of 2025 (`../shared/plans/practice/`), scored against the
 * hand-checked expected task lists in `tests/fixtures/practice/` (rules in that folder's
 * README). Over the twelve together it must find ≥ 90 % of the tasks, ≥ 85 % of what it finds
 * must be tasks, and ≥ 85 % of the matched tasks must have the right lead and the right dated or
 * periodic deadline. On failure the per-plan table and the details are printed.
 */
import { describe, expect, it } from "vitest";
import { hasExpected, practicePlanNames, scoreDetails, scorePractice, scoreTable, totals } from "../support/practice-score.js";

describe("the practice plans", () => {
  const names = practicePlanNames();

  it("has an answer key for each of the twelve plans", () => {
    expect(names).toHaveLength(12);
    expect(names.filter((n) => !hasExpected(n))).toEqual([]);
  });

  it("reads them with recall ≥ 0.9, precision ≥ 0.85, right lead ≥ 0.85, right deadline ≥ 0.85", () => {
    const scores = names.filter(hasExpected).map(scorePractice);
    expect(scores).toHaveLength(12);
    const t = totals(scores);
    const report = `\n${scoreTable(scores)}\n\n${scoreDetails(scores)}`;
    expect(t.recall, report).toBeGreaterThanOrEqual(0.9);
    expect(t.precision, report).toBeGreaterThanOrEqual(0.85);
    expect(t.lead, report).toBeGreaterThanOrEqual(0.85);
    expect(t.deadline, report).toBeGreaterThanOrEqual(0.85);
  });
});
