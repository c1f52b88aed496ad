/**
 * `npm run demo`: a short, real conversation with dondoc, printed as a chat transcript — the
 * local Bot API emulator, the real service on a temporary database, a pinned clock. Needs no
 * Telegram account and no network; exits 0 and removes its temporary files.
 */
import { runDemo } from "./conversation.js";

const { code } = await runDemo((line) => console.log(line));
process.exitCode = code;
