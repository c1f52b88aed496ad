/**
 * Issue 6, proof 1: 2,000 generated updates (fast-check) fed to the real bot (createBot over a
 * real database with the bundled plan, on each store: a SQLite file, and PostgreSQL where the
 * run's server runs), mixing strangers and registered people, hostile
 * text, malformed commands, forged buttons, media, edits, group and channel chats and
 * re-delivered updates. Telegram is in-process (support/in-process-bot.ts) and checks every
 * call the bot makes as the Bot API would.
 *
 * Per update: handleUpdate never rejects and nothing reaches bot.catch ("update failed"); every
 * call is well-formed; a stranger (or a forged button) changes no row but the handled-update
 * bookkeeping; a re-delivered update changes nothing and sends nothing.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { createInvite, deactivatePerson, redeemInvite } from "../../src/services/people/people.js";
import { linkBotMessage } from "../../src/services/replies/conversation.js";
import { startInProcessBot, type InProcessBot } from "./support/in-process-bot.js";
import { testStores, type TestStore } from "../support/postgres.js";
import { printIfVerbose } from "../support/verbose.js";

const UPDATES = 2_000;
const COORDINATOR_GROUP = -1_009_876_543_210;
const CONFIG_ADMIN = 1_008;
/** A row id no table reaches in a run of this size. */
const NO_SUCH_ID = 9_999_999;

type Who = "A1" | "A2" | "B1" | "C" | "D" | "L" | "U" | "CFG" | "stranger" | "bot";
const registered: Record<Exclude<Who, "stranger" | "bot">, number> = { A1: 1_001, A2: 1_002, B1: 1_003, C: 1_004, D: 1_005, L: 1_006, U: 1_007, CFG: CONFIG_ADMIN };
const knownStrangers = [42, 777_000, 2_000_000_001, 999_999_999_999];

// ---------------------------------------------------------------- arbitraries (what is sent)

const vietnamese = fc.constantFrom(
  "đã hoàn thành 80%",
  "da hoan thanh",
  "Đã hoàn thành 100%, báo cáo số 12/BC-SCT",
  "vướng mắc về vốn",
  "dang trien khai 35%",
  "xin gia hạn đến 15/12/2026",
  "xin gia han den 31/02/2027",
  "xin gia hạn đến 01/01/2020",
  "xin gia hạn thêm 1 tháng",
  "150%",
  "-5%",
  "0%",
  "hoàn thành",
  "không",
  "ok",
  "30/11/2026",
  "Quý IV/2026",
);
const htmlLike = fc.constantFrom(
  "<b>đậm</b>",
  "<b>",
  "</b>",
  "<i><b>x</i></b>",
  "<script>alert(1)</script>",
  "a < b && c > d",
  "&amp;&lt;&gt;&quot;&#0;&#x110000;",
  '<a href="javascript:alert(1)">x</a>',
  "<tg-spoiler>",
  '<pre><code class="language-js">',
  "<blockquote expandable>",
  "<",
  ">",
  "&",
  "<br/>",
);
const rtl = fc.constantFrom("مرحبا بالعالم", "שלום עולם", "\u202eabc\u202c", "\u200fنص\u200e", "ابجد 50%");
const emoji = fc.constantFrom("👍", "👨‍👩‍👧‍👦", "🇻🇳", "🏳️‍🌈", "✅ xong", "🔥".repeat(50), "\u{1F9D1}\u{200D}\u{1F4BB}");
const control = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 });
const blank = fc.constantFrom("", " ", "   \n\t ", "\u200b", "\u00a0\u3000", "\n\n\n");
const longText = fc.tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), fc.integer({ min: 5_000, max: 6_000 })).map(([chunk, n]) => {
  const parts: string[] = [];
  let length = 0;
  while (length < n) {
    parts.push(chunk, " ");
    length += [...chunk].length + 1;
  }
  return parts.join("");
});
const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }) },
  { weight: 2, arbitrary: blank },
  { weight: 1, arbitrary: longText },
  { weight: 1, arbitrary: rtl },
  { weight: 1, arbitrary: emoji },
  { weight: 1, arbitrary: control },
  { weight: 2, arbitrary: htmlLike },
  { weight: 4, arbitrary: vietnamese },
  { weight: 2, arbitrary: fc.tuple(vietnamese, htmlLike, fc.string({ unit: "grapheme", maxLength: 20 }), emoji).map((parts) => parts.join(" ")) },
);

const base64url = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split(""));
const junkCode = fc.oneof(
  fc.string({ unit: base64url, minLength: 16, maxLength: 64 }), // looks like an invite, is none
  fc.string({ unit: base64url, minLength: 1, maxLength: 15 }),
  fc.string({ unit: base64url, minLength: 65, maxLength: 300 }),
  anyText,
);
const commandText = fc.oneof(
  fc.constantFrom(
    "/",
    "//",
    "/ ",
    "/start",
    "/start ",
    "/help",
    "/whoami",
    "/tasks",
    "/status",
    "/overdue",
    "/upcoming",
    "/setdue",
    "/invite",
    "/people",
    "/status@otherbot",
    "/tasks@otherbot",
    "/status@dondoc_robust_bot",
    "/START",
    "/Tasks",
    "/tasks@",
    "/unknown",
    "/report",
    "/cancel",
    "/upcoming 0",
    "/upcoming -3",
    "/upcoming 99999999999999999999",
    "/upcoming 1e3",
    "/upcoming abc",
    "/setdue III.5.3.g 31/02/2027",
    "/setdue IV.2 30/06/2027",
    "/setdue III.5.3.g 01/01/2030",
    "/invite SCT focal",
    "/invite NOPE focal",
    "/invite SCT emperor",
    "/invite - admin",
    "/people off 99999",
    "/people move 99999 SCT",
    "/people off abc",
    "/people off -1",
    "/people off 1.5",
    "/people move 99999 NOPE",
    "/status SCT",
    "/status IV.2",
    "/status Sở Công Thương",
    "/status <b>",
    "/status %",
    "/status ' or 1=1 --",
  ),
  fc.tuple(fc.constantFrom("/start", "/status", "/upcoming", "/setdue", "/invite", "/people", "/tasks", "/help"), junkCode).map(([c, a]) => `${c} ${a}`),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 }).map((s) => `/${s}`),
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).map((s) => `/${s}`),
);

type ReplyTarget = "ownCard" | "otherChatMessage" | "lastBotMessage" | "randomId" | "none";
type CallbackData =
  | { kind: "raw"; data: string }
  | { kind: "targeted"; target: "otherAgencyCycle" | "ownCycle" | "ownCycleOddKind" | "otherStatusUpdate" | "otherPending" | "extensionRequest" | "anyAssignment" | "page"; code: string };
type Place = "private" | "group" | "supergroup" | "coordinators";

type Spec =
  | { kind: "text"; who: Who; stranger: number; place: Place; text: string; entities: "none" | "auto" | "malformed" }
  | { kind: "command"; who: Who; stranger: number; place: Place; text: string; entities: "none" | "auto" | "malformed" }
  | { kind: "reply"; who: Who; stranger: number; place: Place; text: string; target: ReplyTarget; randomId: number }
  | { kind: "callback"; who: Who; stranger: number; place: Place; data: CallbackData; on: "botMessage" | "inline" | "foreignMessage" }
  | {
      kind: "media";
      who: Who;
      stranger: number;
      place: Place;
      media: "sticker" | "photo" | "document" | "voice" | "location" | "contact" | "dice" | "video_note" | "service";
      caption: string | null;
      target: ReplyTarget;
      randomId: number;
    }
  | { kind: "edited"; who: Who; stranger: number; place: Place; text: string; own: boolean; randomId: number }
  | { kind: "channel"; text: string; edited: boolean }
  | { kind: "other"; type: "my_chat_member" | "poll" | "message_reaction" | "chat_join_request" | "inline_query" | "empty" | "unknown_type"; who: Who; stranger: number }
  | { kind: "duplicate"; pick: number; changed: boolean };

const who = fc.constantFrom<Who>("A1", "A2", "B1", "C", "D", "L", "U", "CFG", "stranger", "stranger", "stranger", "bot");
const stranger = fc.oneof(fc.constantFrom(...knownStrangers), fc.integer({ min: 10_000, max: 2 ** 52 }));
const place = fc.oneof({ weight: 8, arbitrary: fc.constant<Place>("private") }, { weight: 1, arbitrary: fc.constantFrom<Place>("group", "supergroup", "coordinators") });
const entities = fc.constantFrom("none", "auto", "auto", "malformed") as fc.Arbitrary<"none" | "auto" | "malformed">;
const target = fc.constantFrom<ReplyTarget>("ownCard", "ownCard", "otherChatMessage", "lastBotMessage", "randomId", "none");
const callbackData: fc.Arbitrary<CallbackData> = fc.oneof(
  fc.record({ kind: fc.constant("raw" as const), data: fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: "grapheme-ascii", maxLength: 70 })) }),
  fc.record({
    kind: fc.constant("raw" as const),
    data: fc
      .tuple(
        fc.constantFrom("pg", "cd", "fl", "st", "un", "pk", "dr", "xa", "xr", "zz", "", "ST"),
        fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.constantFrom("-1", "1e3", "0x10", "", "9999999999999", " 1", "NaN", "0", "1.5")),
        fc.option(fc.constantFrom("p", "d", "b", "e", "x", "toString", "constructor", "__proto__", "valueOf", "1", "hasOwnProperty")),
        fc.option(fc.constantFrom("1", "x", "")),
      )
      .map(([action, a, b, c]) => [action, a, ...(b === null ? [] : [b]), ...(c === null ? [] : [c])].join(":")),
  }),
  fc.record({
    kind: fc.constant("targeted" as const),
    target: fc.constantFrom("otherAgencyCycle", "ownCycle", "ownCycleOddKind", "otherStatusUpdate", "otherPending", "extensionRequest", "anyAssignment", "page"),
    code: fc.constantFrom("p", "d", "b", "e", "toString", "constructor", "__proto__", "valueOf"),
  }),
);

const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("text" as const), who, stranger, place, text: anyText, entities }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("command" as const), who, stranger, place, text: commandText, entities }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("reply" as const), who, stranger, place, text: anyText, target, randomId: fc.integer({ min: -5, max: 2 ** 31 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("callback" as const),
      who,
      stranger,
      place,
      data: callbackData,
      on: fc.constantFrom("botMessage", "botMessage", "inline", "foreignMessage") as fc.Arbitrary<"botMessage" | "inline" | "foreignMessage">,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("media" as const),
      who,
      stranger,
      place,
      media: fc.constantFrom("sticker", "photo", "document", "voice", "location", "contact", "dice", "video_note", "service") as fc.Arbitrary<"sticker">,
      caption: fc.option(anyText),
      target,
      randomId: fc.integer({ min: 1, max: 2 ** 31 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edited" as const), who, stranger, place, text: anyText, own: fc.boolean(), randomId: fc.integer({ min: 1, max: 2 ** 31 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("channel" as const), text: anyText, edited: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("other" as const),
      type: fc.constantFrom("my_chat_member", "poll", "message_reaction", "chat_join_request", "inline_query", "empty", "unknown_type") as fc.Arbitrary<"poll">,
      who,
      stranger,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), changed: fc.boolean() }) },
);

// ---------------------------------------------------------------- the world the updates land in

// One world per store (reset before each store's run).
let b: InProcessBot;
const lines: string[] = [];
let cycleOf: Record<string, number> = {};
let agencyOf: Record<string, number> = {};
let cards = new Map<number, number>(); // chat → card message id
let leadCycles: Array<{ id: number; agencyId: number }> = [];
let assignments: number[] = [];
let delivered: Array<{ update: Record<string, unknown>; handledChanges: number }> = [];
let userMessages = new Map<number, number[]>(); // chat → ids of the user's own messages
let nextUpdateId = 500_000_000;
let nextUserMessageId = 1;

function resetWorld() {
  cycleOf = {};
  agencyOf = {};
  cards = new Map();
  leadCycles = [];
  assignments = [];
  delivered = [];
  userMessages = new Map();
  nextUpdateId = 500_000_000;
  nextUserMessageId = 1;
}

function userOf(w: Who, strangerId: number) {
  if (w === "bot") return { id: 7_000_000_999, is_bot: true, first_name: "Other bot", username: "other_bot" };
  const id = w === "stranger" ? strangerId : registered[w];
  return { id, is_bot: false, first_name: w === "stranger" ? "Người lạ" : `Cán bộ ${w}`, language_code: "vi" };
}

function chatOf(p: Place, userId: number, firstName: string) {
  switch (p) {
    case "private":
      return { id: userId, type: "private", first_name: firstName };
    case "group":
      return { id: -4_123_456_789, type: "group", title: "Nhóm bất kỳ" };
    case "supergroup":
      return { id: -1_001_234_567_890, type: "supergroup", title: "Siêu nhóm" };
    case "coordinators":
      return { id: COORDINATOR_GROUP, type: "supergroup", title: "Điều phối" };
  }
}

function entitiesFor(text: string, mode: "none" | "auto" | "malformed") {
  if (mode === "none") return {};
  if (mode === "malformed")
    return {
      entities: [
        { type: "bot_command", offset: 3, length: text.length + 10 },
        { type: "bold", offset: -1, length: 2 },
      ],
    };
  const match = /^\/\S*/.exec(text);
  return match ? { entities: [{ type: "bot_command", offset: 0, length: match[0].length }] } : {};
}

const pick = <T>(items: readonly T[], seed: number): T | undefined => (items.length === 0 ? undefined : items[Math.floor(seed * items.length) % items.length]);

async function replyTargetId(t: ReplyTarget, chatId: number, randomId: number): Promise<number | null> {
  switch (t) {
    case "ownCard":
      return cards.get(chatId) ?? randomId;
    case "otherChatMessage": {
      const all = b.telegram.allSent().filter((m) => m.chatId !== chatId);
      return pick(all, (randomId % 1000) / 1000)?.messageId ?? randomId;
    }
    case "lastBotMessage":
      return b.telegram.sentIn(chatId).at(-1) ?? randomId;
    case "randomId":
      return randomId;
    case "none":
      return null;
  }
}

function message(chat: Record<string, unknown>, from: Record<string, unknown> | null, content: Record<string, unknown>, replyTo: number | null) {
  const id = nextUserMessageId++;
  const chatId = chat.id as number;
  if (from && !from.is_bot) userMessages.set(chatId, [...(userMessages.get(chatId) ?? []), id]);
  return {
    message_id: id,
    date: Math.floor(b.clock.now().getTime() / 1000),
    chat,
    ...(from && { from }),
    ...(replyTo !== null && {
      reply_to_message: {
        message_id: replyTo,
        date: Math.floor(b.clock.now().getTime() / 1000) - 60,
        chat,
        from: { id: 7000000003, is_bot: true, first_name: "Dondoc Robustness", username: "dondoc_robust_bot" },
        text: "IV.2",
      },
    }),
    ...content,
  };
}

/** What the bot's database says about one update's sender, before the update. */
async function actorFor(from: { id: number; is_bot: boolean } | null) {
  if (!from || from.is_bot) return { stranger: true, personId: null, agencyId: null, role: null, unreachable: false };
  const person = await b.app.db.selectFrom("people").select(["id", "agency_id", "role", "state"]).where("telegram_user_id", "=", from.id).executeTakeFirst();
  const configAdmin = from.id === CONFIG_ADMIN;
  return {
    stranger: !configAdmin && (!person || person.state === "left"),
    unreachable: person?.state === "unreachable",
    personId: person?.id ?? null,
    agencyId: person?.agency_id ?? null,
    role: person?.state === "left" ? null : (person?.role ?? null),
  };
}

interface Built {
  update: Record<string, unknown>;
  /** no row but handled_updates may change */
  readOnly: boolean;
  /** a re-delivery of an update handled before: nothing at all may change or be sent */
  duplicate: boolean;
  chatId: number | null;
  label: string;
}

async function build(s: Spec): Promise<Built | null> {
  const update_id = nextUpdateId++;
  if (s.kind === "duplicate") {
    const previous = pick(delivered, s.pick);
    if (!previous) return null;
    const update = s.changed
      ? {
          ...previous.update,
          message: { message_id: 1, date: 1, chat: { id: 1_001, type: "private", first_name: "x" }, from: { id: 1_001, is_bot: false, first_name: "x" }, text: "đã hoàn thành" },
        }
      : previous.update;
    if (s.changed) delete (update as { callback_query?: unknown }).callback_query;
    return { update: structuredClone(update), readOnly: true, duplicate: previous.handledChanges > 0, chatId: null, label: s.changed ? "duplicate id, other content" : "duplicate" };
  }
  if (s.kind === "channel") {
    const chat = { id: -1_002_000_000_001, type: "channel", title: "Kênh" };
    const post = { message_id: nextUserMessageId++, date: 1, chat, sender_chat: chat, text: s.text === "" ? "." : s.text };
    return { update: { update_id, [s.edited ? "edited_channel_post" : "channel_post"]: post }, readOnly: true, duplicate: false, chatId: null, label: "channel post" };
  }
  const from = userOf(s.who, s.stranger);
  const actor = await actorFor(from);
  if (s.kind === "other") {
    const chat = { id: from.id, type: "private", first_name: from.first_name };
    const date = Math.floor(b.clock.now().getTime() / 1000);
    const bodies: Record<string, Record<string, unknown>> = {
      my_chat_member: {
        my_chat_member: {
          chat,
          from,
          date,
          old_chat_member: { status: "member", user: { id: 7000000003, is_bot: true, first_name: "B" } },
          new_chat_member: { status: "kicked", until_date: 0, user: { id: 7000000003, is_bot: true, first_name: "B" } },
        },
      },
      poll: {
        poll: {
          id: "p1",
          question: "?",
          options: [{ text: "a", voter_count: 1 }],
          total_voter_count: 1,
          is_closed: false,
          is_anonymous: true,
          type: "regular",
          allows_multiple_answers: false,
        },
      },
      message_reaction: { message_reaction: { chat, message_id: 1, user: from, date, old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }] } },
      chat_join_request: { chat_join_request: { chat: { id: -1_003, type: "supergroup", title: "g" }, from, user_chat_id: from.id, date } },
      inline_query: { inline_query: { id: "iq1", from, query: "IV.2", offset: "" } },
      empty: {},
      unknown_type: { future_update_kind: { from, text: "x" } },
    };
    return { update: { update_id, ...bodies[s.type] }, readOnly: true, duplicate: false, chatId: null, label: `update:${s.type}` };
  }
  const chat = chatOf(s.place, from.id, from.first_name);
  const readOnlyByActor = actor.stranger;
  const label = (k: string) => `${k}${actor.stranger ? " (stranger)" : ""}`;
  if (s.kind === "text" || s.kind === "command") {
    const text = s.text;
    return {
      update: { update_id, message: message(chat, from, { text, ...entitiesFor(text, s.entities) }, null) },
      readOnly: readOnlyByActor,
      duplicate: false,
      chatId: chat.id,
      label: label(s.kind),
    };
  }
  if (s.kind === "reply") {
    const replyTo = await replyTargetId(s.target, chat.id, s.randomId);
    return {
      update: { update_id, message: message(chat, from, { text: s.text }, replyTo) },
      readOnly: readOnlyByActor,
      duplicate: false,
      chatId: chat.id,
      label: label(`reply:${s.target}`),
    };
  }
  if (s.kind === "media") {
    const replyTo = await replyTargetId(s.target, chat.id, s.randomId);
    const caption = s.caption === null ? {} : { caption: s.caption };
    const file = { file_id: `F${update_id}`, file_unique_id: `U${update_id}`, file_size: 1234 };
    const contents: Record<string, Record<string, unknown>> = {
      sticker: { sticker: { ...file, width: 512, height: 512, is_animated: false, is_video: false, type: "regular", emoji: "👍" } },
      photo: {
        photo: [
          { ...file, width: 90, height: 90 },
          { ...file, file_id: `G${update_id}`, width: 800, height: 800 },
        ],
        ...caption,
      },
      document: { document: { ...file, file_name: s.caption?.slice(0, 40) ?? "bao-cao.pdf", mime_type: "application/pdf" }, ...caption },
      voice: { voice: { ...file, duration: 3 } },
      location: { location: { latitude: 19.8, longitude: 105.77 } },
      contact: { contact: { phone_number: "+84900000000", first_name: "A" } },
      dice: { dice: { emoji: "🎲", value: 3 } },
      video_note: { video_note: { ...file, length: 240, duration: 2 } },
      service: { new_chat_members: [from] },
    };
    return {
      update: { update_id, message: message(chat, from, contents[s.media]!, replyTo) },
      readOnly: readOnlyByActor,
      duplicate: false,
      chatId: chat.id,
      label: label(`media:${s.media}`),
    };
  }
  if (s.kind === "edited") {
    const own = userMessages.get(chat.id) ?? [];
    const id = s.own ? (own.at(-1 - (s.randomId % Math.max(own.length, 1))) ?? s.randomId) : s.randomId;
    const date = Math.floor(b.clock.now().getTime() / 1000);
    return {
      update: { update_id, edited_message: { message_id: id, date: date - 30, edit_date: date, chat, from, text: s.text === "" ? "…" : s.text } },
      readOnly: readOnlyByActor,
      duplicate: false,
      chatId: chat.id,
      label: label("edited"),
    };
  }
  // A button press. A forged target that does not exist yet points at an id nobody has: a
  // fallback of 1 could be the actor's own row, and its press would then rightly change things.
  let data: string;
  let forged = false;
  if (s.data.kind === "raw") data = s.data.data;
  else {
    const t = s.data.target;
    if (t === "otherAgencyCycle") {
      const other = leadCycles.filter((c) => c.agencyId !== actor.agencyId);
      data = `st:${pick(other, (from.id % 997) / 997)?.id ?? NO_SUCH_ID}:${s.data.code}`;
      forged = true;
    } else if (t === "ownCycle" || t === "ownCycleOddKind") {
      const own = leadCycles.find((c) => c.agencyId === actor.agencyId)?.id ?? cycleOf.A1!;
      const oddKind = t === "ownCycleOddKind" && !["p", "d", "b", "e"].includes(s.data.code);
      data = `st:${own}:${t === "ownCycle" ? "pdbe"[from.id % 4] : s.data.code}`;
      forged = oddKind || actor.agencyId !== (leadCycles.find((c) => c.id === own)?.agencyId ?? -1);
    } else if (t === "otherStatusUpdate") {
      const rows = await b.app.db
        .selectFrom("status_updates")
        .select("id")
        .where("person_id", "!=", actor.personId ?? -1)
        .orderBy("id", "desc")
        .limit(20)
        .execute();
      data = `un:${rows[0]?.id ?? NO_SUCH_ID}`;
      forged = true;
    } else if (t === "otherPending") {
      const rows = await b.app.db
        .selectFrom("pending_replies")
        .select(["id"])
        .where("person_id", "!=", actor.personId ?? -1)
        .orderBy("id", "desc")
        .limit(5)
        .execute();
      data = from.id % 2 === 0 ? `pk:${rows[0]?.id ?? NO_SUCH_ID}:${cycleOf.A1}` : `dr:${rows[0]?.id ?? NO_SUCH_ID}`;
      forged = true;
    } else if (t === "extensionRequest") {
      const row = await b.app.db.selectFrom("extension_requests").select("id").orderBy("id", "desc").executeTakeFirst();
      data = `${from.id % 2 === 0 ? "xa" : "xr"}:${row?.id ?? 1}`;
      forged = actor.role !== "coordinator" && actor.role !== "admin" && from.id !== CONFIG_ADMIN;
    } else if (t === "anyAssignment") data = `${from.id % 2 === 0 ? "cd" : "fl"}:${pick(assignments, (from.id % 991) / 991) ?? 1}`;
    else data = `pg:${from.id % 7}`;
  }
  const botMessage = b.telegram.sentIn(chat.id).at(-1);
  const onMessage =
    s.on === "inline"
      ? null
      : s.on === "foreignMessage" || botMessage === undefined
        ? { message_id: 424_242, date: 1, chat: { id: 1_003, type: "private", first_name: "B1" }, text: "x" }
        : { message_id: botMessage, date: 1, chat, from: { id: 7000000003, is_bot: true, first_name: "B" }, text: "x" };
  const callback_query = {
    id: `cq${update_id}`,
    from,
    chat_instance: `ci${chat.id}`,
    ...(onMessage ? { message: onMessage } : { inline_message_id: `im${update_id}` }),
    data,
  };
  return {
    update: { update_id, callback_query },
    // An officer marked unreachable who presses anything in a private chat is back (bot.ts marks
    // them reachable, with its audit row), a forged button too: that press may write.
    readOnly: readOnlyByActor || (forged && !(actor.unreachable && onMessage?.chat.type === "private")),
    duplicate: false,
    chatId: onMessage ? (onMessage.chat.id as number) : null,
    label: label(forged ? "callback:forged" : `callback:${s.data.kind}`),
  };
}

// ---------------------------------------------------------------- set-up

async function register(name: keyof typeof registered, agencyCode: string | null, role: "focal" | "coordinator" | "admin") {
  const invite = await createInvite(b.app.db, { agencyCode, role, createdBy: "test", now: b.clock.now() });
  return redeemInvite(b.app.db, invite.code, { telegramUserId: registered[name], chatId: registered[name], displayName: `Cán bộ ${name} <b>&amp;` }, b.clock.now());
}

async function setUp(store: TestStore) {
  resetWorld();
  b = await startInProcessBot({ store, now: "2026-11-20T02:00:00Z", env: { ADMIN_TELEGRAM_IDS: String(CONFIG_ADMIN), COORDINATOR_CHAT_ID: String(COORDINATOR_GROUP) } });
  for (const [name, code] of [
    ["A1", "SCT"],
    ["A2", "SCT"],
    ["B1", "STC"],
    ["L", "SNV"],
    ["U", "SYT"],
  ] as const) {
    const person = await register(name, code, "focal");
    agencyOf[name] = person.agencyId!;
  }
  await register("C", "SKHDT", "coordinator");
  await register("D", null, "admin");
  await deactivatePerson(b.app.db, {
    personId: (await b.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", registered.L).executeTakeFirstOrThrow()).id,
    actor: "test",
    now: b.clock.now(),
  });
  await b.app.db.updateTable("people").set({ state: "unreachable" }).where("telegram_user_id", "=", registered.U).execute();
  const rows = await b.app.db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["cycles.id", "assignments.agency_id", "assignments.id as assignment_id", "assignments.role", "tasks.ref"])
    .execute();
  for (const r of rows) {
    assignments.push(r.assignment_id);
    if (r.role === "lead") leadCycles.push({ id: r.id, agencyId: r.agency_id });
  }
  // A task card of IV.2 in each officer's chat, linked as the bot links the cards it sends.
  for (const name of ["A1", "A2", "B1", "U"] as const) {
    const cycle = rows.find((r) => r.ref === "IV.2" && r.role === "lead" && r.agency_id === agencyOf[name])!;
    cycleOf[name] = cycle.id;
    const card = await b.bot.telegram.sendMessage(registered[name], "<b>IV.2</b> — thẻ nhiệm vụ", { parse_mode: "HTML" });
    await linkBotMessage(b.app.db, { chatId: registered[name], messageId: card.message_id, cycleId: cycle.id, purpose: "card" }, b.clock.now());
    cards.set(registered[name], card.message_id);
  }
}

afterAll(() => {
  for (const line of lines) printIfVerbose(line);
});

describe.each(await testStores())("2,000 random and hostile updates on $name", (store) => {
  beforeAll(() => setUp(store), 60_000);
  afterAll(async () => {
    await b?.close();
  });

  it("never crash the bot, only make well-formed calls, let strangers change nothing, and count re-deliveries once", async () => {
    const byKind = new Map<string, number>();
    const failures: string[] = [];
    let strangers = 0;
    let duplicates = 0;
    let readOnlyChecked = 0;
    const started = performance.now();
    await fc
      .assert(
        fc.asyncProperty(spec, async (s) => {
          const built = await build(s);
          if (!built) return;
          const { update, readOnly, duplicate, chatId, label } = built;
          byKind.set(label, (byKind.get(label) ?? 0) + 1);
          if (label.includes("stranger")) strangers++;
          if (label.startsWith("duplicate")) duplicates++;
          const countsBefore = readOnly ? await b.rowCounts() : null;
          const changesBefore = await b.totalChanges();
          const callsBefore = b.telegram.calls.length;
          const problemsBefore = b.problems.length;
          const show = () => JSON.stringify(update).slice(0, 600);
          try {
            await b.handle(update);
          } catch (error) {
            throw new Error(`handleUpdate threw ${String(error)} for ${show()}`);
          }
          const changes = (await b.totalChanges()) - changesBefore;
          const calls = b.telegram.calls.slice(callsBefore);
          const badCalls = calls.filter((c) => c.problems.length > 0);
          if (badCalls.length > 0)
            throw new Error(
              `malformed ${badCalls[0]!.method}: ${badCalls[0]!.problems.join("; ")} (text ${JSON.stringify(String(badCalls[0]!.payload.text ?? badCalls[0]!.payload.caption ?? "")).slice(0, 300)}) for ${show()}`,
            );
          const elsewhere = calls.filter((c) => c.method.startsWith("send") && c.payload.chat_id !== chatId);
          if (elsewhere.length > 0) throw new Error(`message to another chat ${String(elsewhere[0]!.payload.chat_id)} for ${show()}`);
          const logged = b.problems.slice(problemsBefore).filter((l) => /"level":[56]0/.test(l) || l.includes("update failed"));
          if (logged.length > 0) throw new Error(`error logged: ${logged[0]!.slice(0, 800)} for ${show()}`);
          if (duplicate && (changes !== 0 || calls.length !== 0)) throw new Error(`re-delivered update changed ${changes} rows and made ${calls.length} calls: ${show()}`);
          if (countsBefore) {
            readOnlyChecked++;
            const countsAfter = await b.rowCounts();
            const changed = Object.keys(countsAfter).filter((t) => t !== "handled_updates" && countsAfter[t] !== countsBefore[t]);
            const handledAdded = countsAfter.handled_updates! - countsBefore.handled_updates!;
            if (changed.length > 0 || changes > handledAdded) {
              throw new Error(`a read-only update (${label}) wrote: tables ${changed.join(", ") || "(row counts equal)"}, ${changes} changes, handled +${handledAdded}: ${show()}`);
            }
          }
          delivered.push({
            update,
            handledChanges: await b.app.db
              .selectFrom("handled_updates")
              .select("update_id")
              .where("update_id", "=", update.update_id as number)
              .executeTakeFirst()
              .then((r) => (r ? 1 : 0)),
          });
        }),
        { numRuns: UPDATES, endOnFailure: true, includeErrorInReport: true, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
      )
      .catch((error: unknown) => failures.push(String(error)));
    const elapsed = performance.now() - started;

    // Re-delivered updates were recorded once: one status update per Telegram update id at most.
    const perUpdate = await b.app.db
      .selectFrom("status_updates")
      .select((eb) => ["telegram_update_id", eb.fn.countAll<number>().as("n")])
      .where("telegram_update_id", "is not", null)
      .groupBy("telegram_update_id")
      .having((eb) => eb.fn.countAll(), ">", 1)
      .execute();
    const recorded = Number(
      (
        await b.app.db
          .selectFrom("status_updates")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // SQLite's check of its file; PostgreSQL checks its own pages and keys as it writes them.
    const integrity = store.name === "SQLite" ? (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(b.app.db)).rows : [{ integrity_check: "ok" }];
    lines.push(
      JSON.stringify({
        name: "random_updates",
        store: store.name,
        updates_tried: [...byKind.values()].reduce((a, n) => a + n, 0),
        from_strangers: strangers,
        redelivered: duplicates,
        read_only_checked: readOnlyChecked,
        bot_api_calls: b.telegram.calls.length,
        status_updates_recorded: recorded,
        ms: Math.round(elapsed),
        by_kind: Object.fromEntries([...byKind].sort((x, y) => y[1] - x[1])),
      }),
    );
    expect(failures).toEqual([]);
    expect(perUpdate).toEqual([]);
    expect(integrity).toEqual([{ integrity_check: "ok" }]);
    expect([...byKind.values()].reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(UPDATES * 0.95);
    expect(recorded).toBeGreaterThan(0); // officers' replies did get through
  }, 120_000);
});
