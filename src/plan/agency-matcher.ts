/**
 * Finds registry agencies and collectives in running text, tolerant of Unicode form, case,
 * spacing, punctuation, old tone placement, "Ủy ban nhân dân"/"UBND", missing diacritics and
 * a person's title in front of the agency ("Giám đốc Sở …", "Chủ tịch UBND huyện …").
 */
import { foldedKey, nameKey, tokenize, type Token } from "./text.js";
import type { AgencyRegistry } from "./types.js";

export type Entity =
  | { type: "agency"; code: string; name: string }
  | { type: "collective"; code: string; name: string; members: string[] };

export interface EntityMatch {
  entity: Entity;
  /** tokens consumed, a leading title included */
  length: number;
}

export interface AgencyMatcher {
  /** The longest agency or collective name that starts at `tokens[index]`. */
  matchAt(tokens: readonly Token[], index: number): EntityMatch | null;
  /** A whole name, code or alias ("Sở KH&ĐT", "skhdt", "so ke hoach va dau tu"). */
  find(name: string): Entity | null;
  /** Member codes of a collective, or the agency's own code. */
  expand(entity: Entity): string[];
}

const titles = [["giám", "đốc"], ["phó", "giám", "đốc"], ["thủ", "trưởng"], ["trưởng"], ["chủ", "tịch"], ["chánh"], ["người", "đứng", "đầu"]];

export function createAgencyMatcher(registry: AgencyRegistry): AgencyMatcher {
  const exact = new Map<string, Entity>();
  const folded = new Map<string, Entity | "ambiguous">();
  const byCode = new Map<string, Entity>();
  // Name lengths (in words) by first word: most words start no name, so most lookups end here.
  const lengthsByFirst = new Map<string, Set<number>>();
  const noteLengths = (key: string) => {
    const words = key.split(" ");
    const lengths = lengthsByFirst.get(words[0]!) ?? new Set<number>();
    lengths.add(words.length);
    lengthsByFirst.set(words[0]!, lengths);
  };

  const add = (name: string, entity: Entity) => {
    const key = nameKey(name);
    if (key === "") return;
    if (!exact.has(key)) exact.set(key, entity);
    const fold = foldedKey(name);
    const seen = folded.get(fold);
    folded.set(fold, seen === undefined || sameEntity(seen, entity) ? entity : "ambiguous");
    noteLengths(key);
    noteLengths(fold);
  };

  for (const agency of registry.agencies) {
    const entity: Entity = { type: "agency", code: agency.code, name: agency.name };
    byCode.set(agency.code.toUpperCase(), entity);
    for (const name of [agency.name, ...agency.aliases]) add(name, entity);
  }
  for (const collective of registry.collectives) {
    const entity: Entity = { type: "collective", code: collective.code, name: collective.name, members: collective.members };
    byCode.set(collective.code.toUpperCase(), entity);
    for (const name of [collective.name, ...collective.aliases]) add(name, entity);
  }

  const lookup = (words: string[], foldedWords: string[]): Entity | null => {
    const hit = exact.get(words.join(" ")) ?? folded.get(foldedWords.join(" "));
    return hit === undefined || hit === "ambiguous" ? null : hit;
  };

  const matchPlain = (tokens: readonly Token[], index: number): EntityMatch | null => {
    const first = tokens[index];
    if (!first) return null;
    const lengths = new Set([...(lengthsByFirst.get(first.word) ?? []), ...(lengthsByFirst.get(first.folded) ?? [])]);
    const candidates = [...lengths].filter((length) => index + length <= tokens.length).sort((a, b) => b - a);
    for (const length of candidates) {
      const window = tokens.slice(index, index + length);
      const entity = lookup(
        window.map((t) => t.word),
        window.map((t) => t.folded),
      );
      if (entity) return { entity, length };
    }
    return null;
  };

  return {
    matchAt(tokens, index) {
      const plain = matchPlain(tokens, index);
      if (plain) return plain;
      const title = titles.find((words) => words.every((w, k) => tokens[index + k]?.word === w));
      if (!title) return null;
      const afterTitle = matchPlain(tokens, index + title.length);
      return afterTitle ? { entity: afterTitle.entity, length: afterTitle.length + title.length } : null;
    },
    find(name) {
      const byItsCode = byCode.get(name.trim().toUpperCase());
      if (byItsCode) return byItsCode;
      const tokens = tokenize(name);
      const match = this.matchAt(tokens, 0);
      return match && match.length === tokens.length ? match.entity : null;
    },
    expand(entity) {
      return entity.type === "collective" ? entity.members : [entity.code];
    },
  };
}

function sameEntity(a: Entity | "ambiguous", b: Entity): boolean {
  return a !== "ambiguous" && a.code === b.code;
}
