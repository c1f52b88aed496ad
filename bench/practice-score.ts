/**
 * The importer against the practice plans' answer keys: prints the per-plan table (Markdown, as
 * in the README) and the totals as JSON. `--details` also lists every miss, extra task, wrong
 * lead and wrong deadline. Plans without an answer key yet are listed and skipped.
 *
 *   npx tsx bench/practice-score.ts [--details]
 */
import { hasExpected, practicePlanNames, scoreDetails, scorePractice, scoreTable, totals } from "../tests/support/practice-score.js";

const names = practicePlanNames();
const scored = names.filter(hasExpected);
const missing = names.filter((n) => !hasExpected(n));
const scores = scored.map(scorePractice);
console.log(scoreTable(scores));
if (missing.length > 0) console.log(`\nno answer key yet: ${missing.join(", ")}`);
if (process.argv.includes("--details")) console.log(`\n${scoreDetails(scores)}`);
console.log(JSON.stringify({ name: "practice_plans", plans: scored.length, ...totals(scores) }, null, 2));
