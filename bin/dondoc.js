#!/usr/bin/env node
// The `dondoc` command: the compiled CLI (`npm run build` writes dist/; `npm ci` runs it).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/index.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("dondoc: chưa có bản dịch (dist/). Chạy: npm run build");
  process.exit(1);
}
await import(entry.href);
