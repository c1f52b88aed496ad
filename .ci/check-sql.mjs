#!/usr/bin/env node
// Fails when SQL (a kysely query builder or a raw `sql` template) appears in a .ts file under
// src/ outside src/storage/: queries live in the repositories (CONTRIBUTING.md, "Layers").
// Files listed in .ci/sql-allowlist.txt are skipped while their SQL is being moved; the list
// only shrinks. Usage: node .ci/check-sql.mjs [root]   (npm run check:sql)
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "..");
const allowlistFile = join(root, ".ci", "sql-allowlist.txt");

/** Query builders and raw SQL: db.selectFrom(…), trx.insertInto(…), sql`…`, sql<T>`…`, sql.raw(…). */
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\(|\bsql\s*(<[^>`]*>)?\s*`|\bsql\.(raw|ref|lit|id|table|join|val)\s*\(/g;

const toPosix = (path) => path.split(sep).join("/");

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

function readAllowlist() {
  if (!existsSync(allowlistFile)) return new Set();
  return new Set(
    readFileSync(allowlistFile, "utf8")
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim())
      .filter((line) => line !== ""),
  );
}

/** Line comments and JSDoc lines may name a query builder without running one. */
const isComment = (line) => /^\s*(\/\/|\/?\*)/.test(line);

const allowed = readAllowlist();
const offenders = new Map(); // file -> [{ line, match }]
const allowedWithSql = new Set();

for (const file of tsFiles(join(root, "src"))) {
  const path = toPosix(relative(root, file));
  if (path.startsWith("src/storage/")) continue;
  const hits = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, index) => {
      if (isComment(text)) return;
      for (const match of text.matchAll(SQL)) hits.push({ line: index + 1, match: match[0].replace(/\s+/g, "") });
    });
  if (hits.length === 0) continue;
  if (allowed.has(path)) allowedWithSql.add(path);
  else offenders.set(path, hits);
}

for (const path of allowed) {
  if (!allowedWithSql.has(path)) console.warn(`check-sql: ${path} is in .ci/sql-allowlist.txt but has no SQL any more: remove it from the list`);
}

if (offenders.size === 0) {
  console.log(`check-sql: no SQL outside src/storage/ (${allowedWithSql.size} allowlisted file(s) still to move)`);
  process.exit(0);
}

let count = 0;
for (const [path, hits] of offenders) {
  for (const { line, match } of hits) {
    console.error(`${path}:${line}: ${match}`);
    count++;
  }
}
console.error(`check-sql: ${count} SQL call(s) in ${offenders.size} file(s) outside src/storage/; move them into a repository in src/storage/ (CONTRIBUTING.md, "Layers")`);
process.exit(1);
