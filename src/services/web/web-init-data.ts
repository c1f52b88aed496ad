/**
 * Telegram Mini App launch data (`initData`), checked exactly as Telegram specifies
 * (core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
 *   data_check_string = every received field but `hash`, as `key=value`, sorted by key, joined by "\n";
 *   secret_key        = HMAC-SHA-256(key "WebAppData", message bot_token);
 *   hash              = hex(HMAC-SHA-256(key secret_key, message data_check_string)).
 * Then `auth_date` must be recent. The replay window (each initData exchanged once) is kept by
 * the caller, which has the storage.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface InitDataUser {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
}

export type InitDataCheck = { ok: true; user: InitDataUser; authDate: Date; hash: string } | { ok: false; reason: "malformed" | "bad_hash" | "stale" | "no_user" };

export interface InitDataOptions {
  botToken: string;
  now: Date;
  /** how old `auth_date` may be */
  maxAgeSeconds: number;
}

/** A clock a little ahead of ours is not an attack: this much `auth_date` may lie in the future. */
const clockSkewSeconds = 60;
/** Telegram's initData is a few hundred bytes; anything far larger is not from Telegram. */
const maxLength = 8_192;

export function secretKeyOf(botToken: string): Buffer {
  return createHmac("sha256", "WebAppData").update(botToken).digest();
}

/** The hash Telegram would put on these fields (used by tests to sign, and by the check). */
export function signInitDataFields(fields: ReadonlyMap<string, string> | Record<string, string>, botToken: string): string {
  const entries = fields instanceof Map ? [...fields.entries()] : Object.entries(fields);
  const dataCheckString = entries
    .filter(([key]) => key !== "hash")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
  return createHmac("sha256", secretKeyOf(botToken)).update(dataCheckString).digest("hex");
}

export function checkInitData(initData: string, options: InitDataOptions): InitDataCheck {
  if (initData.length === 0 || initData.length > maxLength) return { ok: false, reason: "malformed" };
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(initData)) {
    if (fields.has(key)) return { ok: false, reason: "malformed" };
    fields.set(key, value);
  }
  const hash = fields.get("hash");
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(signInitDataFields(fields, options.botToken), "hex");
  if (!timingSafeEqual(expected, Buffer.from(hash, "hex"))) return { ok: false, reason: "bad_hash" };

  const authSeconds = Number(fields.get("auth_date"));
  if (!Number.isSafeInteger(authSeconds) || authSeconds <= 0) return { ok: false, reason: "malformed" };
  const ageSeconds = options.now.getTime() / 1000 - authSeconds;
  if (ageSeconds > options.maxAgeSeconds || ageSeconds < -clockSkewSeconds) return { ok: false, reason: "stale" };

  const user = parseUser(fields.get("user"));
  if (!user) return { ok: false, reason: "no_user" };
  return { ok: true, user, authDate: new Date(authSeconds * 1000), hash };
}

function parseUser(json: string | undefined): InitDataUser | null {
  if (json === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== "number" || !Number.isSafeInteger(record.id) || record.id <= 0) return null;
  const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : null);
  return { id: record.id, firstName: text("first_name") ?? "", lastName: text("last_name"), username: text("username") };
}
