/**
 * Story ids (`epic.story`, both integers) and story file names. Ids compare numerically, so that
 * `1.9` < `1.10` < `2.1`; file names carry the id first (`1.1.user-authentication.md`,
 * `2.1-save-gps-location.story.md`, `1-1-slug.md`).
 */

/** The two numbers of a story id. */
export interface StoryIdParts {
  epic: number;
  number: number;
}

const ID_PATTERN = /^(\d+)\.(\d+)$/;
/**
 * Digits a part of an id may have (leading zeros aside). Ten keep every id exact as a number (a
 * double would silently round `12345678901234567890` and make two stories one) and within the
 * 21 characters that worktree and branch names allow.
 */
export const MAX_ID_PART_DIGITS = 10;

/** The number of one id part, or undefined when it has too many digits to be an id. */
function idPart(digits: string): number | undefined {
  return digits.replace(/^0+(?=\d)/, '').length <= MAX_ID_PART_DIGITS ? Number(digits) : undefined;
}

/** `{ epic: 1, number: 10 }` for `1.10` (also `01.010`); undefined for anything that is not an id. */
export function parseStoryId(text: string): StoryIdParts | undefined {
  const match = ID_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [epic, number] = [idPart(match[1]), idPart(match[2])];
  return epic === undefined || number === undefined ? undefined : { epic, number };
}

/** The canonical spelling of an id (`01.010` -> `1.10`); undefined when it is not an id. */
export function normalizeStoryId(text: string): string | undefined {
  const parts = parseStoryId(text);
  return parts ? `${parts.epic}.${parts.number}` : undefined;
}

/**
 * Numeric order of two ids for `Array.prototype.sort`. Text that is not an id sorts after every id,
 * in plain string order, so that a sort never throws on bad data.
 */
export function compareStoryIds(a: string, b: string): number {
  const left = parseStoryId(a);
  const right = parseStoryId(b);
  if (left && right) return left.epic - right.epic || left.number - right.number;
  if (left) return -1;
  if (right) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A new array of the ids, unique and in numeric order. */
export function sortStoryIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareStoryIds);
}

/** What a story file's name says: its id and the slug after it (empty when there is none). */
export interface StoryFileName {
  id: string;
  epic: number;
  number: number;
  slug: string;
}

// The id is `E.S` or `E-S`, then either `.md` or a `.`/`-` separator and the slug.
const FILE_NAME_PATTERN = /^(\d+)[.-](\d+)(?:[.-](.*?))?\.md$/i;

/**
 * Reads the id and slug from a story file's name (the last path segment):
 * `1.1.user-authentication.md` -> 1.1 / `user-authentication`; `1.1.story.md` -> 1.1 / ``;
 * `2.1-save-gps-location.story.md` -> 2.1 / `save-gps-location`. Undefined for names that do not
 * start with an id (`README.md`, `epic-1.md`): those files are not stories.
 */
export function parseStoryFileName(path: string): StoryFileName | undefined {
  const name = path.split(/[\\/]/).pop() ?? '';
  const match = FILE_NAME_PATTERN.exec(name);
  if (!match) return undefined;
  const epic = idPart(match[1]);
  const number = idPart(match[2]);
  if (epic === undefined || number === undefined) return undefined;
  const rest = (match[3] ?? '').replace(/(^|\.)story$/i, '');
  return { id: `${epic}.${number}`, epic, number, slug: slugify(rest) };
}

/** True when the file's name starts with a story id (discovery keeps only those). */
export function isStoryFileName(path: string): boolean {
  return parseStoryFileName(path) !== undefined;
}

const MAX_SLUG_LENGTH = 60;

/**
 * Lowercase dash slug, safe inside branch names and paths: `Save GPS Location!` ->
 * `save-gps-location`. Accents are folded; everything else that is not `a-z0-9` becomes a dash.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}
