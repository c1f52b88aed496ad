/**
 * Coordinators' export files: /report (the .xlsx spreadsheet), /report csv (its assignments as
 * CSV), /report annual [year] (the annual consolidated report, .docx). Built while Telegram
 * shows "sending a file…", sent as a document; a failure is logged and apologised for.
 */
import { formatVietnameseDate } from "../../domain/local-date.js";
import { isCoordinator } from "../../domain/person.js";
import { firstReportYear, lastReportYear, parseReportYear } from "../../services/exports/annual-report.js";
import type { ExportRequest } from "../../services/exports/export-files.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, domainErrorText } from "../reply.js";
import { texts } from "../texts.js";

/** "annual", or "năm" typed with or without diacritics */
const annualWords = new Set(["annual", "nam", "năm"]);

/** `/report [xlsx | excel | csv | annual [year]]`, or what is wrong with it. */
export function readReportRequest(payload: string, today: string): ExportRequest | "usage" | "bad_year" {
  const [verb = "", argument, ...extra] = payload.normalize("NFC").trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (extra.length > 0) return "usage";
  if (annualWords.has(verb)) {
    const year = parseReportYear(argument, today);
    return year === null ? "bad_year" : { kind: "annual", year };
  }
  if (argument !== undefined) return "usage";
  if (verb === "" || verb === "xlsx" || verb === "excel") return { kind: "xlsx" };
  return verb === "csv" ? { kind: "csv" } : "usage";
}

const commands = { report: { menu: "coordinators", inGroup: true } } as const satisfies CommandSpecs;

export const exportFilesFeature = defineFeature({ name: "export-files", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  feature.command("report", async (ctx) => {
    if (!isCoordinator(ctx.actor)) return void (await answer(ctx, texts.coordinatorsOnly()));
    const today = deps.services.today();
    // `/report [xlsx|csv] <plan>`: the last word may name a plan
    const words = ctx.payload.trim().split(/\s+/).filter(Boolean);
    const plan = words.length > 0 && !annualWords.has(words[0]!.normalize("NFC").toLowerCase()) ? await deps.services.plans.findPlan(words.at(-1)!) : null;
    const parsed = readReportRequest(plan ? words.slice(0, -1).join(" ") : ctx.payload, today);
    const request = plan && parsed !== "usage" && parsed !== "bad_year" && parsed.kind !== "annual" ? { ...parsed, plan: { id: plan.id, code: plan.shortCode } } : parsed;
    if (request === "usage") return void (await answer(ctx, texts.reportUsage()));
    if (request === "bad_year") return void (await answer(ctx, texts.reportBadYear(firstReportYear, lastReportYear(today))));
    // Only a hint to the user: a failure here must not stop the report.
    await ctx.sendChatAction("upload_document").catch((error: unknown) => ctx.log.warn({ err: error }, "could not show the chat action"));
    try {
      await deps.services.exports.withExportFile(request, async (file) => {
        const caption = request.kind === "annual" ? texts.annualReportCaption(request.year) : texts.reportCaption(formatVietnameseDate(today), file.assignments ?? 0);
        const document = "path" in file ? { source: file.path, filename: file.fileName } : { source: file.bytes, filename: file.fileName };
        await ctx.replyWithDocument(document, { caption });
        ctx.log.info({ report: request.kind, file: file.fileName }, "report sent");
      });
    } catch (error) {
      const text = domainErrorText(error);
      if (text === null) ctx.log.error({ err: error, report: request.kind }, "report failed");
      await answer(ctx, text ?? texts.reportFailed());
    }
  });
}
