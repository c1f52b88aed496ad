/**
 * The notice kinds are one typed map (domain/notice-kinds.ts): each kind has its payload, its
 * composer and its view, and the compiler holds them together. The `@ts-expect-error` lines
 * are the proof (`npm run typecheck` covers tests/): each would stop compiling if the mistake
 * it shows were accepted.
 */
import { describe, expect, it } from "vitest";
import type { MessageContents, NoticeKinds } from "../../src/domain/notice-kinds.js";
import { isNoticeKind, noticeComposers, type ComposersOf } from "../../src/services/reminders/notice-composers.js";
import type { Db } from "../../src/storage/database.js";
import { planNotice } from "../../src/storage/notice-repository.js";
import { messageViews, renderMessage, type MessageViews } from "../../src/telegram/views/message-views.js";
import { keyboard } from "../../src/telegram/views/keyboard.js";

type Survey = { question: string };

// A registry of views missing one kind does not compile.
const { obstacle: _obstacle, ...withoutObstacle } = messageViews;
// @ts-expect-error the obstacle view is missing
const viewsMissingAKind: MessageViews = withoutObstacle;

// A new kind added to the map without its view does not compile; with it, it does.
// @ts-expect-error "survey" has no view
const viewsOfANewKind: MessageViews<MessageContents & { survey: Survey }> = messageViews;
const viewsWithTheNewKind: MessageViews<MessageContents & { survey: Survey }> = { ...messageViews, survey: (m) => ({ text: m.question, keyboard: keyboard([]) }) };

// A view given the wrong kind's message does not compile either.
// @ts-expect-error the backlog view cannot show a check-in (no due dates)
const viewOfTheWrongKind: MessageViews = { ...messageViews, checkin: messageViews.backlog };

// The same for composers, and a composer must return its own kind's content.
// @ts-expect-error "survey" has no composer
const composersOfANewKind: ComposersOf<NoticeKinds & { survey: { payload: { id: number }; content: Survey } }> = noticeComposers;
// @ts-expect-error the obstacle composer must give an obstacle, not a digest
const composerOfTheWrongKind: ComposersOf<NoticeKinds> = { ...noticeComposers, obstacle: noticeComposers.digest };

// A notice is planned with its kind's payload.
async function planWrongPayload(db: Db): Promise<void> {
  // @ts-expect-error an escalation lists cycles; it does not name a request
  await planNotice(db, { personId: 1, key: "k", kind: "escalation", payload: { request: 1 } }, "2026-10-05T01:00:00.000Z");
  // @ts-expect-error a kind not in the map cannot be planned
  await planNotice(db, { personId: 1, key: "k", kind: "survey", payload: { cycles: [1] } }, "2026-10-05T01:00:00.000Z");
}

// Only the compiler reads the declarations above.
void [viewsMissingAKind, viewsOfANewKind, viewsWithTheNewKind, viewOfTheWrongKind, composersOfANewKind, composerOfTheWrongKind, planWrongPayload];

describe("the notice kinds", () => {
  it("have a view for every kind that is composed, and reminders besides", () => {
    expect(Object.keys(messageViews).sort()).toEqual([...Object.keys(noticeComposers), "reminder"].sort());
  });

  it("know their own kinds only, not names every object has", () => {
    expect(isNoticeKind("backlog")).toBe(true);
    expect(isNoticeKind("extension_withdrawn")).toBe(true);
    expect(isNoticeKind("survey")).toBe(false);
    expect(isNoticeKind("toString")).toBe(false);
    expect(isNoticeKind("constructor")).toBe(false);
  });

  it("render each message with its own kind's view", () => {
    const withdrawn = renderMessage({ kind: "extension_withdrawn", chatId: 1, ref: "I.2", agencyName: "Sở Xây dựng", proposedDue: "2026-12-31" });
    expect(withdrawn.text).toContain("I.2");
    expect(withdrawn.text).toContain("31/12/2026");
    const notice = renderMessage({ kind: "agency_notice", chatId: 1, notice: { event: "lead_lost", ref: "I.3", to: "Sở Tài chính" } });
    expect(notice.text).toContain("Nhiệm vụ I.3 đã được giao cho Sở Tài chính chủ trì");
  });
});
