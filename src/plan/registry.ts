/**
 * Parses the agency registry file (`seeds/agencies.json`), which admins edit by hand, and
 * reports every problem with its place ("agencies[3].code: …").
 */
import { z } from "zod";
import { REGISTRY_AGENCY_KINDS } from "../domain/agency-kind.js";
import { isWithinDateWindow } from "../domain/local-date.js";
import { nameKey } from "./text.js";
import type { AgencyRegistry } from "./types.js";

const code = z.string().regex(/^[A-Z0-9-]{2,24}$/, "2-24 characters: A-Z, 0-9 and -");
const name = z.string().trim().min(2).max(200);
const date = z.string().refine(isWithinDateWindow, "a date YYYY-MM-DD between 2000 and 2100");

const registrySchema = z.object({
  province: name.optional(),
  valid_from: date.optional(),
  // Each line says which public decision made the merge: no source, no merge.
  merges: z.array(z.object({ from: code, into: code, on: date, source: z.string().trim().min(5).max(500) })).default([]),
  agencies: z
    .array(
      z.object({
        code,
        name,
        kind: z.enum(REGISTRY_AGENCY_KINDS),
        aliases: z.array(name).default([]),
      }),
    )
    .min(1),
  collectives: z.array(z.object({ code, name, aliases: z.array(name).default([]), members: z.array(code).min(1) })).default([]),
});

export class RegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Danh mục cơ quan không hợp lệ:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "RegistryError";
  }
}

function crossCheck(registry: AgencyRegistry): string[] {
  const problems: string[] = [];
  const codes = new Map<string, string>();
  const names = new Map<string, string>();
  const entries = [...registry.agencies.map((a, i) => ({ ...a, place: `agencies[${i}]` })), ...registry.collectives.map((c, i) => ({ ...c, place: `collectives[${i}]` }))];
  for (const entry of entries) {
    if (codes.has(entry.code)) problems.push(`${entry.place}.code: "${entry.code}" đã dùng ở ${codes.get(entry.code)}`);
    codes.set(entry.code, entry.place);
    for (const label of [entry.name, ...entry.aliases]) {
      const key = nameKey(label);
      const owner = names.get(key);
      if (owner && owner !== entry.code) problems.push(`${entry.place}: tên "${label}" trùng với ${owner}`);
      names.set(key, entry.code);
    }
  }
  const agencyCodes = new Set(registry.agencies.map((a) => a.code));
  (registry.merges ?? []).forEach((merge, i) => {
    // `from` may come from an earlier registry; what it merges into must be in this one.
    if (!agencyCodes.has(merge.into)) problems.push(`merges[${i}].into: không có cơ quan mã "${merge.into}"`);
    if (merge.from === merge.into) problems.push(`merges[${i}]: cơ quan không thể hợp nhất vào chính nó`);
  });
  registry.collectives.forEach((collective, i) => {
    collective.members.forEach((member, k) => {
      if (!agencyCodes.has(member)) problems.push(`collectives[${i}].members[${k}]: không có cơ quan mã "${member}"`);
    });
  });
  return problems;
}

export function parseRegistry(json: string): AgencyRegistry {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new RegistryError([`JSON: ${(error as Error).message}`]);
  }
  const parsed = registrySchema.safeParse(data);
  if (!parsed.success) {
    throw new RegistryError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const registry: AgencyRegistry = {
    ...(parsed.data.province !== undefined && { province: parsed.data.province.normalize("NFC") }),
    ...(parsed.data.valid_from !== undefined && { validFrom: parsed.data.valid_from }),
    merges: parsed.data.merges,
    agencies: parsed.data.agencies.map((a) => ({ ...a, name: a.name.normalize("NFC"), aliases: a.aliases.map((x) => x.normalize("NFC")) })),
    collectives: parsed.data.collectives.map((c) => ({ ...c, name: c.name.normalize("NFC"), aliases: c.aliases.map((x) => x.normalize("NFC")) })),
  };
  const problems = crossCheck(registry);
  if (problems.length > 0) throw new RegistryError(problems);
  return registry;
}
