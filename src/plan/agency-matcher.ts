/**
 * Finds registry agencies and collectives in running text, tolerant of Unicode form, case,
 * spacing, punctuation, old tone placement, "Ủy ban nhân dân"/"UBND", missing diacritics and
 * a person's title in front of the agency ("Giám đốc Sở …", "Chủ tịch UBND huyện …").
 */
import { cleanLine, foldedKey, nameKey, tokenize, type Token } from "./text.js";
import type { AgencyRegistry } from "./types.js";

export type Entity = { type: "agency"; code: string; name: string } | { type: "collective"; code: string; name: string; members: string[] };

export interface EntityMatch {
  /**
   * null: a registry name that goes on with another province's place ("Cục Thuế tỉnh Nghệ An",
   * "Sở Kế hoạch và Đầu tư tỉnh Nghệ An"), an agency-like name the registry does not know
   */
  entity: Entity | null;
  /** tokens consumed, a leading title and a trailing "tỉnh Thanh Hóa" included */
  length: number;
}

export interface AgencyMatcher {
  /** The longest agency or collective name that starts at `tokens[index]`. */
  matchAt(tokens: readonly Token[], index: number): EntityMatch | null;
  /** A whole name, code or alias ("Sở KH&ĐT", "skhdt", "so ke hoach va dau tu"). */
  find(name: string): Entity | null;
  /** Member codes of a collective, or the agency's own code. */
  expand(entity: Entity): string[];
  /** The places the registry's names are in, folded ("thanh hoa"): the registry's own province. */
  readonly homePlaces: readonly string[];
}

// A person's title names the agency they head; a deputy ("Phó …") answers for it the same way.
const titles = [
  ["giám", "đốc"],
  ["thủ", "trưởng"],
  ["trưởng"],
  ["chủ", "tịch"],
  ["chánh"],
  ["người", "đứng", "đầu"],
  ["phó", "giám", "đốc"],
  ["phó", "thủ", "trưởng"],
  ["phó", "trưởng"],
  ["phó", "chủ", "tịch"],
  ["phó", "chánh"],
];

/** "tỉnh" or "thành phố" at `index`: the words a place name follows; their count, or 0. */
function placeWordAt(tokens: readonly Token[], index: number): number {
  if (tokens[index]?.folded === "tinh") return 1;
  return tokens[index]?.folded === "thanh" && tokens[index + 1]?.folded === "pho" ? 2 : 0;
}

/**
 * Where a place name would start after a name that ends at `end`: right there when the name
 * ends in "tỉnh" ("Cục Thuế tỉnh" + "Nghệ An"), after a following "tỉnh"/"thành phố", or null.
 */
function placeAfter(tokens: readonly Token[], end: number): number | null {
  const endsInPlaceWord = tokens[end - 1]?.folded === "tinh" || (tokens[end - 2]?.folded === "thanh" && tokens[end - 1]?.folded === "pho");
  if (endsInPlaceWord) return end;
  const word = tokens[end]?.afterComma ? 0 : placeWordAt(tokens, end);
  return word > 0 ? end + word : null;
}

/** A place name written as one ("Nghệ An", "Thừa Thiên Huế"): capitalized words, no comma between. */
function placeLength(tokens: readonly Token[], index: number): number {
  let end = index;
  while (end < index + 4 && tokens[end]?.capitalized && !tokens[end]!.afterComma) end++;
  return end - index;
}

/** The places the registry's names are in ("thanh hoa" in "Sở Nội vụ tỉnh Thanh Hóa"), folded. */
function homePlaces(names: readonly string[]): string[][] {
  const places = new Map<string, string[]>();
  for (const name of names) {
    const tokens = tokenize(cleanLine(name));
    for (let i = 0; i < tokens.length; i++) {
      const at = i + placeWordAt(tokens, i);
      const length = at > i ? placeLength(tokens, at) : 0;
      if (length === 0) continue;
      const words = tokens.slice(at, at + length).map((t) => t.folded);
      places.set(words.join(" "), words);
    }
  }
  return [...places.values()];
}

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

  const matchAfterTitle = (tokens: readonly Token[], index: number): EntityMatch | null => {
    const title = titles.find((words) => words.every((w, k) => tokens[index + k]?.word === w));
    if (!title) return null;
    const afterTitle = matchPlain(tokens, index + title.length);
    return afterTitle ? { entity: afterTitle.entity, length: afterTitle.length + title.length } : null;
  };

  const places = homePlaces([...registry.agencies, ...registry.collectives].flatMap((e) => [e.name, ...e.aliases]));
  const homePlaceAt = (tokens: readonly Token[], index: number): number => places.find((words) => words.every((w, k) => tokens[index + k]?.folded === w))?.length ?? 0;

  /**
   * A name may go on past the registry's words with "tỉnh"/"thành phố" and a place: ours
   * ("Sở Kế hoạch và Đầu tư tỉnh Thanh Hóa") is part of the name; another province's makes
   * it another agency, which must not be read as ours.
   */
  const withPlace = (tokens: readonly Token[], index: number, match: EntityMatch): EntityMatch => {
    if (match.entity?.type !== "agency") return match;
    const at = placeAfter(tokens, index + match.length);
    if (at === null) return match;
    const home = homePlaceAt(tokens, at);
    if (home > 0) return { entity: match.entity, length: at + home - index };
    // a name run on without a comma ("Cục Thuế tỉnh Sở Tài chính") is not a place
    if (matchPlain(tokens, at)) return match;
    const place = placeLength(tokens, at);
    return place > 0 ? { entity: null, length: at + place - index } : match;
  };

  return {
    matchAt(tokens, index) {
      const found = matchPlain(tokens, index) ?? matchAfterTitle(tokens, index);
      return found && withPlace(tokens, index, found);
    },
    find(name) {
      const byItsCode = byCode.get(name.trim().toUpperCase());
      if (byItsCode) return byItsCode;
      // Decomposed letters ("o" + U+0302 …) would split words at each combining mark.
      const tokens = tokenize(name.normalize("NFC"));
      const match = this.matchAt(tokens, 0);
      return match && match.length === tokens.length ? match.entity : null;
    },
    expand(entity) {
      return entity.type === "collective" ? entity.members : [entity.code];
    },
    homePlaces: places.map((words) => words.join(" ")),
  };
}

function sameEntity(a: Entity | "ambiguous", b: Entity): boolean {
  return a !== "ambiguous" && a.code === b.code;
}
