/**
 * Who may open the coordinators' Mini App, and for how long. Two ways in: Telegram's signed
 * initData (inside Telegram), or a one-time login link sent by /web (a desktop browser). Either
 * gives a session; every request maps the session back to the person as they are now, so a
 * role changed or a person deactivated takes effect on their next click.
 */
import { createHash, randomBytes } from "node:crypto";
import { addMinutesToInstant } from "../../domain/local-date.js";
import { isAdmin, isCoordinator, type Actor } from "../../domain/person.js";
import type { Db } from "../../storage/database.js";
import { claimInitDataHash, claimWebLoginLink, deleteWebSession, findWebSessionUser, insertWebLoginLink, insertWebSession } from "../../storage/web-repository.js";
import { checkInitData } from "./web-init-data.js";
import { resolveActor } from "../people/people.js";

/** A session lasts a working day. */
export const sessionHours = 8;
/** initData older than this is refused: Telegram signs it when the app is opened. */
export const initDataMaxAgeSeconds = 60 * 60;
/** A login link from /web works once, for a few minutes. */
export const loginLinkMinutes = 10;

/** What the app shows a person: everything (coordinators, admins) or one agency (focal officers). */
export type WebViewer = { telegramUserId: number; name: string; actor: Actor } & (
  | { role: "coordinator"; isAdmin: boolean; agencyId: null }
  | { role: "focal"; isAdmin: false; agencyId: number; agencyName: string }
);

export type WebRefusal = "malformed" | "bad_hash" | "stale" | "no_user" | "replay" | "stranger" | "link_invalid";

export interface WebAccessOptions {
  adminIds: readonly number[];
  now: Date;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const newSecret = () => randomBytes(32).toString("base64url");

/** The viewer an actor is, or null: strangers, deactivated people, officers without an agency. */
export function viewerOf(actor: Actor): WebViewer | null {
  const name = actor.person?.displayName ?? String(actor.telegramUserId);
  if (isCoordinator(actor)) return { telegramUserId: actor.telegramUserId, name, actor, role: "coordinator", isAdmin: isAdmin(actor), agencyId: null };
  const person = actor.person;
  if (person?.state === "active" && person.role === "focal" && person.agencyId !== null) {
    return { telegramUserId: actor.telegramUserId, name, actor, role: "focal", isAdmin: false, agencyId: person.agencyId, agencyName: person.agencyName ?? "" };
  }
  return null;
}

async function viewerOfUser(db: Db, telegramUserId: number, adminIds: readonly number[]): Promise<WebViewer | null> {
  return viewerOf(await resolveActor(db, telegramUserId, adminIds));
}

async function openSession(db: Db, telegramUserId: number, now: Date): Promise<string> {
  const token = newSecret();
  await insertWebSession(db, { tokenHash: sha256(token), telegramUserId, createdAt: now.toISOString(), expiresAt: addMinutesToInstant(now, sessionHours * 60).toISOString() });
  return token;
}

export type WebLogin = { ok: true; token: string; viewer: WebViewer } | { ok: false; reason: WebRefusal };

/** Inside Telegram: the signed launch data, once, while fresh, from someone who may see the app. */
export async function loginWithInitData(db: Db, initData: string, botToken: string, options: WebAccessOptions & { currentSession?: string | null }): Promise<WebLogin> {
  const check = checkInitData(initData, { botToken, now: options.now, maxAgeSeconds: initDataMaxAgeSeconds });
  if (!check.ok) return check;
  const viewer = await viewerOfUser(db, check.user.id, options.adminIds);
  if (!viewer) return { ok: false, reason: "stranger" };
  const usableUntil = new Date(check.authDate.getTime() + (initDataMaxAgeSeconds + 120) * 1000).toISOString();
  if (!(await claimInitDataHash(db, check.hash, options.now.toISOString(), usableUntil))) {
    // The page reloaded inside Telegram sends the same launch data again: fine for the person
    // who already holds a session from it, a replay for anyone else.
    const current = options.currentSession ? await viewerOfSession(db, options.currentSession, options) : null;
    if (current && options.currentSession && current.telegramUserId === check.user.id) return { ok: true, token: options.currentSession, viewer: current };
    return { ok: false, reason: "replay" };
  }
  return { ok: true, token: await openSession(db, check.user.id, options.now), viewer };
}

/** `/web` in the bot: a link for a desktop browser, for someone who may see the app. */
export async function createLoginLink(db: Db, actor: Actor, now: Date): Promise<{ code: string; expiresAt: string } | null> {
  if (!viewerOf(actor)) return null;
  const code = newSecret();
  const expiresAt = addMinutesToInstant(now, loginLinkMinutes).toISOString();
  await insertWebLoginLink(db, { codeHash: sha256(code), telegramUserId: actor.telegramUserId, createdAt: now.toISOString(), expiresAt });
  return { code, expiresAt };
}

export async function loginWithLink(db: Db, code: string, options: WebAccessOptions): Promise<WebLogin> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(code)) return { ok: false, reason: "link_invalid" };
  const telegramUserId = await claimWebLoginLink(db, sha256(code), options.now.toISOString());
  if (telegramUserId === null) return { ok: false, reason: "link_invalid" };
  const viewer = await viewerOfUser(db, telegramUserId, options.adminIds);
  if (!viewer) return { ok: false, reason: "stranger" };
  return { ok: true, token: await openSession(db, telegramUserId, options.now), viewer };
}

/** The viewer behind a session cookie, as they are now; null when the session or the person is gone. */
export async function viewerOfSession(db: Db, token: string, options: WebAccessOptions): Promise<WebViewer | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const telegramUserId = await findWebSessionUser(db, sha256(token), options.now.toISOString());
  return telegramUserId === null ? null : viewerOfUser(db, telegramUserId, options.adminIds);
}

export async function endSession(db: Db, token: string): Promise<void> {
  await deleteWebSession(db, sha256(token));
}
