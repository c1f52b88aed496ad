/**
 * Evidence files for the Mini App: getFile, then the download from the Bot API's file address,
 * streamed through dondoc. That address holds the bot token, so it never leaves this module:
 * failures are reported by status only.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { ReadableStream } from "node:stream/web";
import type { Telegram } from "telegraf";
import type { FileSource } from "./server.js";

export class FileFetchError extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? "Bot API file download failed" : `Bot API file download failed: HTTP ${status}`);
    this.name = "FileFetchError";
  }
}

export function telegramFileSource(telegram: Telegram): FileSource {
  return {
    async open(fileId) {
      let response: Response;
      try {
        const link = await telegram.getFileLink(fileId);
        // A local Bot API server (--local) answers with a path on its own disk.
        if (link.protocol === "file:") return createReadStream(fileURLToPath(link));
        response = await fetch(link, { redirect: "error" });
      } catch {
        throw new FileFetchError(null);
      }
      if (!response.ok || !response.body) throw new FileFetchError(response.status);
      return Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
    },
  };
}
