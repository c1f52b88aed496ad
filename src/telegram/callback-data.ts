/**
 * Button data: a short prefix, a database id and at most one more field, never who or what is
 * allowed — every press is checked again on the server (DESIGN.md §5). Each feature declares the
 * kinds of button it owns with `defineCallback` (its prefix, how its value is written and read
 * back); the rules every kind shares are here, in one strict parser: at most 64 characters, a
 * known prefix, exactly the kind's number of fields, the first a database id. Anything else is
 * refused.
 */

/** One kind of button data, owned by one feature. */
export interface CallbackKind<T> {
  /** two lower-case letters, unique among all kinds */
  readonly prefix: string;
  /** the feature that declares it (named when two claim one prefix) */
  readonly owner: string;
  /** the button's callback_data */
  encode(value: T): string;
  /** the value of data written by `encode`, or null for anything else */
  decode(data: string): T | null;
}

/** A press decoded: which kind of button, and its value. */
export interface Press {
  kind: CallbackKind<unknown>;
  value: unknown;
}

/** A field after the id: text of its own shape, read by the kind. */
type Fields<N extends 1 | 2> = N extends 1 ? [id: number] : [id: number, second: string];

export interface CallbackSpec<T, N extends 1 | 2> {
  owner: string;
  prefix: string;
  /** how many fields follow the prefix: the id alone, or the id and one more */
  fields: N;
  write(value: T): N extends 1 ? [id: number] : [id: number, second: string | number];
  /** the value from fields that passed the shared rules; null when the kind's own rules refuse them */
  read(...fields: Fields<N>): T | null;
}

const maxLength = 64;
const prefixPattern = /^[a-z]{2}$/;
/** every kind, by prefix: modules declare their kinds when they load, so a clash stops the start */
const kinds = new Map<string, CallbackKind<unknown>>();

/** A database id as button data carries it. */
export const readId = (text: string | undefined): number | null => (text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null);
/** A page number: an id below 10,000. */
export const readPage = (text: string | undefined): number | null => {
  const page = readId(text);
  return page === null || page >= 10_000 ? null : page;
};

/**
 * Declares a kind of button data. Throws when its prefix is malformed or another kind has it
 * already: two features cannot claim one prefix.
 */
export function defineCallback<T, N extends 1 | 2>(spec: CallbackSpec<T, N>): CallbackKind<T> {
  if (!prefixPattern.test(spec.prefix)) throw new Error(`button data prefix "${spec.prefix}" of ${spec.owner}: two lower-case letters`);
  const taken = kinds.get(spec.prefix);
  if (taken) throw new Error(`button data prefix "${spec.prefix}" is claimed by both ${taken.owner} and ${spec.owner}`);
  const kind: CallbackKind<T> = {
    prefix: spec.prefix,
    owner: spec.owner,
    encode: (value) => [spec.prefix, ...spec.write(value)].join(":"),
    decode(data) {
      if (data.length > maxLength) return null;
      const [prefix, ...fields] = data.split(":");
      if (prefix !== spec.prefix || fields.length !== spec.fields) return null;
      const id = readId(fields[0]);
      if (id === null) return null;
      return spec.read(...([id, ...fields.slice(1)] as Fields<N>));
    },
  };
  kinds.set(spec.prefix, kind as CallbackKind<unknown>);
  return kind;
}

/** Any button's data, decoded by the kind its prefix names; null when no kind reads it. */
export function decodeCallback(data: string): Press | null {
  if (data.length > maxLength) return null;
  const kind = kinds.get(data.split(":", 1)[0]!);
  const value = kind?.decode(data) ?? null;
  return kind && value !== null ? { kind, value } : null;
}
