import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// .ci/check-sql.mjs: SQL only in src/storage/ (npm run check:sql, in .ci/run).
const script = join(import.meta.dirname, "../../.ci/check-sql.mjs");
const roots: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "dondoc-check-sql-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const check = (root: string) => spawnSync(process.execPath, [script, root], { encoding: "utf8" });

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("check-sql", () => {
  it("passes when queries sit in src/storage/ and elsewhere only comments name them", () => {
    const result = check(
      tree({
        "src/storage/people-repository.ts": 'export const all = (db) => db.selectFrom("people").selectAll().execute();\n',
        "src/services/people.ts": '// findPeople wraps db.selectFrom("people") in the repository\nexport const n = 1;\n',
      }),
    );
    expect(result.status).toBe(0);
  });

  it("fails on a query builder or a raw sql template outside src/storage/, naming file and line", () => {
    const result = check(
      tree({
        "src/telegram/features/x.ts": 'import { sql } from "kysely";\nexport const a = (db) => db\n  .deleteFrom("people");\nexport const b = sql<number>`select 1`;\n',
      }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("src/telegram/features/x.ts:3: .deleteFrom(");
    expect(result.stderr).toContain("src/telegram/features/x.ts:4: sql<number>`");
  });

  it("skips the files of .ci/sql-allowlist.txt and warns about entries that no longer hold SQL", () => {
    const result = check(
      tree({
        "src/services/delivery.ts": 'export const a = (db) => db.updateTable("reminders");\n',
        "src/services/moved.ts": "export const done = true;\n",
        ".ci/sql-allowlist.txt": "# still to move\nsrc/services/delivery.ts\nsrc/services/moved.ts\n",
      }),
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("src/services/moved.ts is in .ci/sql-allowlist.txt but has no SQL any more");
  });
});
