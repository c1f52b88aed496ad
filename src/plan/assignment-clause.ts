/**
 * Reads who does a task from the words at its start: "Sở X chủ trì, phối hợp với Y …",
 * "Sở X, Trung tâm Z phối hợp với Y …", "Giao Sở X …", "Trên cơ sở …, các sở, ban, ngành … ",
 * "Phối hợp với Y …" (a bullet that only adds coordinators), and the list of agencies in a
 * table cell. Names not in the registry are kept as written.
 */
import type { AgencyMatcher, Entity } from "./agency-matcher.js";
import { foldDiacritics } from "../domain/text.js";
import { tokenize, type Token } from "./text.js";

export type Party =
  | { kind: "entity"; entity: Entity; text: string }
  /** "các đơn vị liên quan": whoever is relevant; shown, never assigned */
  | { kind: "generic"; text: string }
  /** an agency-like name the registry does not know */
  | { kind: "unknown"; text: string };

export interface AssignmentClause {
  leads: Party[];
  coordinates: Party[];
}

// Words that start the predicate: a subject list ends where one of them begins. Adverbs of
// manner or time come first in a predicate ("UBND các huyện … kịp thời báo cáo"), so they count.
const verbs = [
  "chủ trì",
  "phối hợp",
  "tham mưu",
  "chỉ đạo",
  "tổ chức",
  "triển khai",
  "tăng cường",
  "nghiên cứu",
  "đẩy mạnh",
  "đẩy nhanh",
  "tập trung",
  "chủ động",
  "thực hiện",
  "tiếp tục",
  "khẩn trương",
  "căn cứ",
  "hướng dẫn",
  "xây dựng",
  "rà soát",
  "đôn đốc",
  "là cơ quan",
  "là đầu mối",
  "có trách nhiệm",
  "chịu trách nhiệm",
  "hoàn thành",
  "kiểm tra",
  "nâng cao",
  "theo dõi",
  "báo cáo",
  "đề xuất",
  "trình",
  "ban hành",
  "công bố",
  "công khai",
  "phát triển",
  "thường xuyên",
  "theo chức năng",
  "quản lý",
  "vận động",
  "kêu gọi",
  "hỗ trợ",
  "đảm bảo",
  "bảo đảm",
  "cập nhật",
  "giám sát",
  "ưu tiên",
  "phấn đấu",
  "đấu mối",
  "đầu mối",
  "lập",
  "huy động",
  "đề nghị",
  "cung cấp",
  "chuẩn bị",
  "tiến hành",
  "phổ biến",
  "tuyên truyền",
  "đánh giá",
  "đổi mới",
  "củng cố",
  "sắp xếp",
  "kiện toàn",
  "thẩm định",
  "tiếp nhận",
  "theo",
  "có",
  "được",
  "để",
  "nhằm",
  "kịp thời",
  "định kỳ",
  "tích cực",
  "nghiêm túc",
  "quyết liệt",
].map((v) => v.split(" "));

// First words of an agency-like name the registry may not know (another province, a ministry).
const headWords = new Set([
  "sở",
  "ban",
  "ubnd",
  "trung",
  "văn",
  "ngân",
  "thanh",
  "liên",
  "cục",
  "chi",
  "bộ",
  "tổng",
  "kho",
  "bảo",
  "công",
  "đài",
  "hội",
  "viện",
  "trường",
  "quỹ",
  "vụ",
  "hđnd",
  "tòa",
  "viện",
  "báo",
  "đoàn",
  "mặt",
  "hiệp",
  "cổng",
  "ủy",
]);

/**
 * Words that begin another agency after "và" or a comma inside a list ("Sở Tài chính và Sở Xây
 * dựng", "Bộ Công an, Bộ Tài chính"); other capitalized words go on with the name ("Bộ Khoa học
 * và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch").
 */
const strongHeads = new Set([
  "sở",
  "bộ",
  "ban",
  "ubnd",
  "hđnd",
  "cục",
  "chi",
  "ngân",
  "kho",
  "bảo",
  "đài",
  "báo",
  "hội",
  "hiệp",
  "liên",
  "viện",
  "đoàn",
  "mặt",
  "tổng",
  "quỹ",
  "tòa",
  "các",
  "cổng",
  "ủy",
]);
const strongPairs = new Set(["công an", "công ty", "văn phòng", "trung tâm", "thanh tra"]);

function startsAgency(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  if (!token) return false;
  return strongHeads.has(token.word) || strongPairs.has(`${token.word} ${tokens[index + 1]?.word ?? ""}`);
}

/** A dash between words ("Sở Tài chính - Cơ quan thường trực …") ends a name. */
function dashBefore(text: string, tokens: readonly Token[], index: number): boolean {
  const previous = tokens[index - 1];
  return previous !== undefined && /\s[-–]\s/.test(text.slice(previous.end, tokens[index]!.start));
}

const personTitles = [["trưởng"], ["phó", "trưởng"], ["giám", "đốc"], ["chủ", "tịch"], ["thủ", "trưởng"], ["bộ", "trưởng"], ["chánh"]].map((w) => w);

const openers = [["trên", "cơ", "sở"], ["trong", "quá", "trình"], ["căn", "cứ"], ["để"], ["nhằm"], ["trong", "thời", "gian"]];
const connectors = ["và", "cùng"];
const clauseWindow = 600;

const foldedWords = new Map<string, string>();
function foldedOf(word: string): string {
  let folded = foldedWords.get(word);
  if (folded === undefined) foldedWords.set(word, (folded = foldDiacritics(word)));
  return folded;
}

/** A word typed without any diacritics ("phoi", "hop"), which may stand for any accented form. */
function isPlain(token: Token): boolean {
  return token.word === token.folded;
}

/**
 * The token is this grammar word, or is typed without diacritics and folds to it. An accented
 * token must match exactly: folding it would make "cơ" (in "cơ quan") the verb "có".
 */
function isWord(token: Token | undefined, word: string): boolean {
  return token !== undefined && (token.word === word || (isPlain(token) && token.folded === foldedOf(word)));
}

/** A period, colon … or a semicolon: no phrase runs across it, though a list may go on after ";". */
function endsClause(token: Token): boolean {
  return token.afterStop || token.afterSemicolon;
}

function isConnector(token: Token | undefined): boolean {
  return connectors.some((word) => isWord(token, word));
}

function startsWith(tokens: readonly Token[], index: number, words: readonly string[]): boolean {
  return words.every((word, k) => isWord(tokens[index + k], word));
}

// Verbs by their first word, and by its folded form for words typed without diacritics.
const verbsByFirstWord = new Map<string, string[][]>();
const verbsByFoldedFirstWord = new Map<string, string[][]>();
for (const words of verbs) {
  verbsByFirstWord.set(words[0]!, [...(verbsByFirstWord.get(words[0]!) ?? []), words]);
  const folded = foldedOf(words[0]!);
  verbsByFoldedFirstWord.set(folded, [...(verbsByFoldedFirstWord.get(folded) ?? []), words]);
}

function verbAt(tokens: readonly Token[], index: number): number {
  const first = tokens[index];
  if (first === undefined) return 0;
  const candidates = isPlain(first) ? verbsByFoldedFirstWord.get(first.folded) : verbsByFirstWord.get(first.word);
  const verb = candidates?.find((words) => startsWith(tokens, index, words));
  return verb ? verb.length : 0;
}

function slice(text: string, tokens: readonly Token[], from: number, to: number): string {
  return text.slice(tokens[from]!.start, tokens[to - 1]!.end);
}

interface ListResult {
  parties: Party[];
  next: number;
}

/** "các sở, ngành, đơn vị liên quan", "đơn vị có liên quan": a span that ends in "liên quan". */
function genericAt(tokens: readonly Token[], index: number): number {
  for (let end = index + 1; end < Math.min(tokens.length, index + 9); end++) {
    const token = tokens[end]!;
    if (endsClause(token) || isConnector(token) || token.word === "ubnd") return 0;
    if (end > index && verbAt(tokens, end) > 0 && !isWord(token, "có")) return 0;
    if (isWord(tokens[end - 1], "liên") && isWord(token, "quan")) return end + 1 - index;
  }
  return 0;
}

interface ListMode {
  allowUnknown: boolean;
  /** a bare noun phrase may name parties: "Các chủ đầu tư, …" */
  nounPhrase: boolean;
  /** a heading that is only a list of names: verbs inside names ("… đầu tư xây dựng …") do not end them */
  wholeLine?: boolean;
}

/**
 * After "và"/"cùng", a head word or "các" starts the next party, not more of this name:
 * "Bộ Tài chính và các cơ quan liên quan" is two parties.
 */
function startsAnotherParty(token: Token | undefined): boolean {
  return token !== undefined && (headWords.has(token.word) || isWord(token, "các"));
}

function unknownAt(text: string, tokens: readonly Token[], index: number, mode: ListMode): number {
  const first = tokens[index]!;
  if (!headWords.has(first.word) && !(mode.nounPhrase && first.word === "các")) return 0;
  if (verbAt(tokens, index) > 0) return 0;
  // "Các chương trình …", "các hoạt động …": not a name
  if (first.word === "các" && !tokens[index + 1]?.capitalized && verbAt(tokens, index + 1) > 0) return 0;
  let end = index + 1;
  while (end < tokens.length) {
    const token = tokens[end]!;
    if (token.afterStop || dashBefore(text, tokens, end)) break;
    // a comma inside a name: "Sở Văn hóa, Thể thao và Du lịch" (a capitalized word that starts no agency)
    if (token.afterComma && (token.afterSemicolon || !token.capitalized || startsAgency(tokens, end))) break;
    // words of a name are capitalized: "Bộ Xây dựng" is a name, not "Bộ" + "xây dựng"
    if (!mode.wholeLine && !token.capitalized && verbAt(tokens, end) > 0) break;
    if (isConnector(token) && (startsAgency(tokens, end + 1) || (!tokens[end + 1]?.capitalized && startsAnotherParty(tokens[end + 1])))) break;
    end++;
  }
  return end - index;
}

// Collective subjects: "Các sở, ban, ngành Tỉnh", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính
// phủ", "Các doanh nghiệp viễn thông, tổ chức, cá nhân có liên quan", "UBND các xã, phường, đặc
// khu", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "UBND cấp xã".
const collectiveNouns = [
  "sở",
  "ban",
  "ngành",
  "bộ",
  "cơ quan",
  "đơn vị",
  "địa phương",
  "tổ chức",
  "cá nhân",
  "đoàn thể",
  "hội",
  "doanh nghiệp",
  "hợp tác xã",
  "cấp",
  "chủ đầu tư",
  "nhà đầu tư",
  "đối tượng",
  "cơ sở",
  "trường",
  "viện",
].map((n) => n.split(" "));
const placeNouns = ["xã", "phường", "đặc khu", "tỉnh", "thành phố", "huyện", "thị xã", "thị trấn", "cấp xã", "cấp tỉnh", "cấp huyện"].map((n) => n.split(" "));
const modifierStops = new Set(["trong", "theo", "để", "nhằm", "về", "với", "tại", "khi", "đối", "trên", "căn", "và", "cùng", "có", "được"]);

function nounAt(tokens: readonly Token[], index: number, nouns: readonly string[][]): number {
  const found = nouns.filter((words) => startsWith(tokens, index, words)).sort((a, b) => b.length - a.length)[0];
  return found ? found.length : 0;
}

function collectiveAt(text: string, tokens: readonly Token[], index: number): number {
  let i = index;
  if (tokens[i]?.word === "ubnd") {
    i++;
    if (isWord(tokens[i], "các")) i++;
    let n = nounAt(tokens, i, placeNouns);
    if (n === 0) return 0;
    i += n;
    for (;;) {
      const next = tokens[i];
      if (!next || next.afterStop || next.afterSemicolon) break;
      const skip = next.afterComma ? 0 : isConnector(next) ? 1 : -1;
      if (skip < 0) break;
      n = nounAt(tokens, i + skip, placeNouns);
      if (n === 0) break;
      i += skip + n;
    }
    if (startsWith(tokens, i, ["trực", "thuộc"]) && !tokens[i]!.afterComma) i += 2 + (isWord(tokens[i + 2], "trung") ? 2 : 0);
    return i - index;
  }
  const opened = isWord(tokens[i], "các");
  if (opened) i++;
  // "các Ban Quản lý dự án …": a name, read as one
  if (tokens[i]?.capitalized && tokens[i + 1]?.capitalized) return 0;
  let n = nounAt(tokens, i, collectiveNouns);
  if (n === 0) return 0;
  // without "các", a bare noun is a list only when a comma follows ("Sở, ban, ngành …")
  if (!opened && !tokens[i + n]?.afterComma) return 0;
  let items = 0;
  for (;;) {
    i += n;
    items++;
    // the item's words: "viễn thông", "cấp tỉnh", "Thành phố", "thuộc Chính phủ", "có liên quan"
    while (i < tokens.length && !tokens[i]!.afterComma && !tokens[i]!.afterStop && !dashBefore(text, tokens, i)) {
      const related = startsWith(tokens, i, ["có", "liên", "quan"]) ? 3 : startsWith(tokens, i, ["liên", "quan"]) ? 2 : 0;
      if (related > 0) {
        // "… liên quan" closes the list: whatever follows is another party
        i += related;
        return i - index;
      }
      if (modifierStops.has(tokens[i]!.word) || (!tokens[i]!.capitalized && verbAt(tokens, i) > 0 && !isWord(tokens[i], "thuộc"))) break;
      i++;
    }
    const next = tokens[i];
    if (!next || next.afterStop || next.afterSemicolon || !next.afterComma) break;
    const nounIndex = i + (isWord(next, "các") ? 1 : 0);
    // "…, các Ban Quản lý dự án": a named agency after the comma is a party of its own
    if (tokens[nounIndex]?.capitalized && tokens[nounIndex + 1]?.capitalized) break;
    n = nounAt(tokens, nounIndex, collectiveNouns);
    if (n === 0) break;
    if (isWord(next, "các")) i++;
  }
  return opened || items > 1 ? i - index : 0;
}

/**
 * Reads a list of parties starting at `index`: entities, generic phrases and (in
 * `allowUnknown` mode) unknown names, separated by commas, semicolons, "và" or "cùng". Only a
 * sentence stop ends the list: long lists group their items with ";" ("…, đơn vị cấp tỉnh;
 * Chủ tịch UBND các huyện …"). After a ";" the next clause often starts with a word that could
 * open a name ("tổng hợp", "bảo vệ"), so there an unknown name does not continue the list.
 */
function readParties(text: string, tokens: readonly Token[], index: number, matcher: AgencyMatcher, mode: ListMode): ListResult {
  const parties: Party[] = [];
  let i = index;
  while (i < tokens.length) {
    const start = i;
    if (parties.length > 0) {
      if (isConnector(tokens[i])) i++;
      else if (!tokens[i]!.afterComma) break;
    }
    if (i >= tokens.length || (i > index && tokens[i]!.afterStop)) return { parties, next: start };
    const match = matcher.matchAt(tokens, i);
    const generic = genericAt(tokens, i);
    const collective = mode.allowUnknown && !match ? collectiveAt(text, tokens, i) : 0;
    if (collective > generic) {
      parties.push({ kind: "unknown", text: slice(text, tokens, i, i + collective) });
      i += collective;
    } else if (generic > 0 && (!match || match.entity?.type === "collective" || match.length < 2)) {
      parties.push({ kind: "generic", text: slice(text, tokens, i, i + generic) });
      i += generic;
    } else if (match?.entity) {
      parties.push({ kind: "entity", entity: match.entity, text: slice(text, tokens, i, i + match.length) });
      i += match.length;
      if (isWord(tokens[i], "tỉnh") && !tokens[i]!.afterComma) i++;
    } else if (match && mode.allowUnknown) {
      // another province's agency ("Cục Thuế tỉnh Nghệ An"): kept whole, as written
      parties.push({ kind: "unknown", text: slice(text, tokens, i, i + match.length) });
      i += match.length;
    } else {
      const afterSemicolon = parties.length > 0 && tokens[i]!.afterSemicolon;
      const unknown = mode.allowUnknown && !afterSemicolon ? unknownAt(text, tokens, i, mode) : 0;
      if (unknown === 0) return { parties, next: start };
      parties.push({ kind: "unknown", text: slice(text, tokens, i, i + unknown) });
      i += unknown;
    }
  }
  return { parties, next: i };
}

function skipWords(tokens: readonly Token[], index: number, words: readonly string[]): number {
  return startsWith(tokens, index, words) ? index + words.length : index;
}

/** After the subject: ", theo chức năng, nhiệm vụ được giao, chủ trì, phối hợp (chặt chẽ) với …". */
function readCoordinates(text: string, tokens: readonly Token[], index: number, matcher: AgencyMatcher): Party[] {
  let i = index;
  if (startsWith(tokens, i, ["theo", "chức", "năng"])) {
    while (i < tokens.length && !isWord(tokens[i], "giao") && i - index < 10) i++;
    i++;
  }
  i = skipWords(tokens, i, ["chủ", "trì"]);
  if (!startsWith(tokens, i, ["phối", "hợp"])) return [];
  i += 2;
  i = skipWords(tokens, i, ["chặt", "chẽ"]);
  if (!isWord(tokens[i], "với")) return [];
  return readParties(text, tokens, i + 1, matcher, { allowUnknown: true, nounPhrase: true }).parties;
}

// An unknown name that reads as an agency: its head and a capitalized word, or a known pair.
const agencyLike =
  /^(?:(?:Sở|Bộ|Ban|Cục|Chi cục|Viện|Trung tâm|Đài|Báo|Hội|Hiệp hội|Liên minh|Liên hiệp|Ngân hàng|Kho bạc|Bảo hiểm|Đoàn|Tòa án|Cổng|Văn phòng|Ủy ban|Mặt trận|Tổng cục|Quỹ) \p{Lu}|Công an|UBND|Ủy ban nhân dân|Văn phòng|[Cc]ác (?:[Ss]ở|[Bb]ộ|[Bb]an|ngành|cơ quan|đơn vị|địa phương|tổ chức|cá nhân|đoàn thể|hội|doanh nghiệp|hợp tác xã|chủ đầu tư|nhà đầu tư|đối tượng)|Sở, )/u;

export function isAgencyLike(party: Party): boolean {
  return party.kind === "entity" || agencyLike.test(party.text);
}

function hasEntity(parties: readonly Party[]): boolean {
  return parties.some((p) => p.kind === "entity");
}

/**
 * The assignment stated at the start of a task or heading, or null when the text starts with
 * the work itself. `heading` marks a line that only names who leads its sub-items, so a bare
 * list of unknown names ("Các chủ đầu tư, các Ban Quản lý dự án …") counts as the subject.
 */
export function readAssignmentClause(fullText: string, matcher: AgencyMatcher, heading = false): AssignmentClause | null {
  // Who does the work is said in the first words; a long task's remaining sentences only cost time.
  const head = fullText.length > clauseWindow ? fullText.slice(0, clauseWindow) : fullText;
  // Decomposed letters would split words at each combining mark; callers may pass raw text.
  const text = head.normalize("NFC");
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  if (startsWith(tokens, 0, ["phối", "hợp"])) {
    const coordinates = readCoordinates(text, tokens, 0, matcher);
    return coordinates.length > 0 ? { leads: [], coordinates } : null;
  }
  let start = isWord(tokens[0], "giao") ? 1 : startsWith(tokens, 0, ["đề", "nghị"]) ? 2 : 0;
  // "Trưởng Ban Chỉ đạo": the person answers for the body they head
  const title = personTitles.find((words) => startsWith(tokens, start, words));
  if (title && headWords.has(tokens[start + title.length]?.word ?? "")) start += title.length;
  // "1.6. Trách nhiệm của các cơ quan quản lý cấp trên:": the heading names its subject whole
  if (heading && (startsWith(tokens, 0, ["trách", "nhiệm", "của"]) || startsWith(tokens, 0, ["nhiệm", "vụ", "của"])) && tokens.length > 3) {
    return { leads: [{ kind: "unknown", text: text.slice(tokens[3]!.start).replace(/[\s:.]+$/u, "") }], coordinates: [] };
  }
  const subject = readParties(text, tokens, start, matcher, { allowUnknown: true, nounPhrase: heading });
  const wholeLine = heading ? readParties(text, tokens, start, matcher, { allowUnknown: true, nounPhrase: true, wholeLine: true }) : null;
  if (wholeLine && wholeLine.next >= tokens.length && !hasEntity(subject.parties)) return { leads: wholeLine.parties, coordinates: [] };
  if (subject.parties.length > 0) {
    const followedByVerb = subject.next >= tokens.length || verbAt(tokens, subject.next) > 0 || endsClause(tokens[subject.next]!) || dashBefore(text, tokens, subject.next);
    const accepted = hasEntity(subject.parties)
      ? followedByVerb || heading
      : heading
        ? subject.next >= tokens.length || (followedByVerb && subject.parties.every(isAgencyLike))
        : startsWith(tokens, subject.next, ["chủ", "trì"]) || (followedByVerb && subject.parties.every(isAgencyLike));
    if (accepted) return { leads: subject.parties, coordinates: readCoordinates(text, tokens, subject.next, matcher) };
  }
  return readAfterOpener(text, tokens, matcher);
}

/** "Trên cơ sở …, Giám đốc các Sở, … tập trung …": the subject follows an opening clause. */
function readAfterOpener(text: string, tokens: readonly Token[], matcher: AgencyMatcher): AssignmentClause | null {
  if (!openers.some((words) => startsWith(tokens, 0, words))) return null;
  for (let i = 1; i < tokens.length && !endsClause(tokens[i]!); i++) {
    if (!tokens[i]!.afterComma) continue;
    const subject = readParties(text, tokens, i, matcher, { allowUnknown: false, nounPhrase: false });
    if (hasEntity(subject.parties) && (subject.next >= tokens.length || verbAt(tokens, subject.next) > 0)) {
      return { leads: subject.parties, coordinates: readCoordinates(text, tokens, subject.next, matcher) };
    }
    // another province's plan: "Căn cứ …, các sở, ngành và UBND các xã, phường … có trách nhiệm …"
    if (matcher.homePlaces.length > 0 || hasEntity(subject.parties)) continue;
    const named = readParties(text, tokens, i, matcher, { allowUnknown: true, nounPhrase: true });
    if (named.parties.length > 0 && named.parties.every(isAgencyLike) && (named.next >= tokens.length || verbAt(tokens, named.next) > 0)) {
      return { leads: named.parties, coordinates: readCoordinates(text, tokens, named.next, matcher) };
    }
  }
  return null;
}

/** A table cell that lists agencies ("Sở Tài chính; UBND các huyện, thị xã, thành phố"). */
export function readPartyCell(cell: string, matcher: AgencyMatcher): Party[] {
  const text = cell.normalize("NFC").replace(/[;\n]/g, ",");
  const tokens = tokenize(text);
  const parties: Party[] = [];
  let i = 0;
  while (i < tokens.length) {
    const { parties: found, next } = readParties(text, tokens, i, matcher, { allowUnknown: true, nounPhrase: true });
    parties.push(...found);
    if (next > i) {
      i = next;
      continue;
    }
    // Not a name we can read: keep the rest of the comma-separated item as written.
    let end = i + 1;
    while (end < tokens.length && !tokens[end]!.afterComma) end++;
    parties.push({ kind: "unknown", text: slice(text, tokens, i, end) });
    i = end;
  }
  return parties;
}
