/**
 * dondoc's layer rules, checked by `npm run lint:layers` (and in .ci/run).
 *
 *   telegram / scheduler / cli / web  ->  services  ->  storage  ->  domain + plan
 *
 * - services/ never import a front end; storage/ never imports a service or a front end.
 * - domain/, plan/ and texts/ are pure: no I/O of their own and no library that does I/O, not
 *   even through another module (these two rules follow imports transitively).
 * - telegram/ calls services; it never reaches into storage/ (SQL and row types live there).
 * - src/tools/ holds programs people run (the Bot API emulator, the demo): they may use the app,
 *   the app never uses them.
 * - No import circles.
 *
 * Violations that exist while a refactoring is under way are listed in
 * .ci/known-layer-violations.json (written by `npx depcruise-baseline`); the list only shrinks.
 */

/** Modules that do I/O: files, network, processes, the database, Telegram, timers, logging. */
const IO_MODULES = [
  "^(node:)?(fs|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads|readline|repl|inspector|v8|vm|os|process)(/|$)",
  "^node_modules/(better-sqlite3|kysely|telegraf|node-cron|pino|pino-pretty|bottleneck|exceljs|docx|mammoth|pdfjs-dist|@resvg|csv-parse|csv-stringify|htmlparser2|playwright-core)/",
];

/** Parts of the application that sit above or beside the pure core. */
const APP_OUTSIDE_CORE = "^src/(services|storage|telegram|cli|web|scheduler|tools)/|^src/(app|config|logger|main|service)\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "telegram-not-storage",
      comment: "Telegram code calls services; SQL, rows and the database handle stay in storage/.",
      severity: "error",
      from: { path: "^src/telegram/" },
      to: { path: "^src/storage/" },
    },
    {
      name: "services-not-front-ends",
      comment: "Services are called by the front ends (Telegram, the CLI, the web pages, the scheduler) and never call them: what a service says is data, each front end words it.",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: "^src/(telegram|cli|web|scheduler)/" },
    },
    {
      name: "storage-at-the-bottom",
      comment: "storage/ maps rows to domain types; it imports only domain/, plan/ and its own modules, never a service or a front end.",
      severity: "error",
      from: { path: "^src/storage/" },
      to: { path: "^src/(services|telegram|cli|web|scheduler|tools)/|^src/(app|service|main)\\.ts$" },
    },
    {
      name: "pure-core-no-io",
      comment: "domain/, plan/ and texts/ stay pure: time and data are passed in, nothing is read or written, directly or through another module.",
      severity: "error",
      from: { path: "^src/(domain|plan|texts)/" },
      to: { path: IO_MODULES, reachable: true },
    },
    {
      name: "pure-core-no-app",
      comment: "domain/, plan/ and texts/ are the bottom layer: they reach nothing in services, storage, telegram, cli, web, the scheduler or the tools, directly or through another module.",
      severity: "error",
      from: { path: "^src/(domain|plan|texts)/" },
      to: { path: APP_OUTSIDE_CORE, reachable: true },
    },
    {
      name: "app-not-tools",
      comment: "The tools (emulator, demo) are programs of their own; the application never imports them.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/tools/" },
      to: { path: "^src/tools/" },
    },
    {
      name: "src-not-tests",
      comment: "Shipped code never imports test support or benchmarks.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(tests|bench)/" },
    },
    {
      name: "no-circular",
      comment: "Import circles make load order matter and blur which module owns what.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing is a typo or a missing dependency.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: a row type imported into telegram/ is a layer leak too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
