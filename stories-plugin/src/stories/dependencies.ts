/**
 * Reading dependency ids out of what authors write: `0.1, 1.1`, `none`, `Story 1.1 (auth)`,
 * front matter lists, and the bullets of a `## Dependencies` section.
 */
import type { Problem } from '../errors';
import { normalizeStoryId } from './ids';

/** Dependency ids read from one place, with the problems found there. */
export interface DependencyReading {
  ids: string[];
  problems: Problem[];
}

const NONE_WORDS = new Set(['', 'none', 'no', 'n/a', 'na', '-', '--', '—', '–', 'nothing', 'no dependencies', 'null', '~']);

// An id at the start of an item (after decoration such as `✅`, `[`, `**`), or after the word Story.
const LEADING_ID = /^[^\p{L}\p{N}]*(?:story\s+)?(\d+)\.(\d+)(?![\d.]*\d)/iu;
const STORY_MENTION = /\bstory\s+(\d+)\.(\d+)\b/gi;

/** True for the words that mean "no dependencies" (`none`, `N/A`, `-`). */
export function meansNone(text: string): boolean {
  return NONE_WORDS.has(text.replace(/[*_`.]/g, '').trim().toLowerCase());
}

/**
 * The ids one item names: `1.1`, `Story 1.1 (auth)`, `✅ Story 5.6: Deploy`, `[1.1](./1.1.x.md)`.
 * Undefined when the item names no story (it is prose, or a typo the caller reports).
 */
export function idsInItem(text: string): string[] | undefined {
  const leading = LEADING_ID.exec(text);
  // normalizeStoryId, not Number: an id with more digits than an id may have is no id at all.
  const first = leading ? normalizeStoryId(`${leading[1]}.${leading[2]}`) : undefined;
  if (!first) return undefined;
  const ids = [first];
  for (const mention of text.matchAll(STORY_MENTION)) {
    const id = normalizeStoryId(`${mention[1]}.${mention[2]}`);
    if (id) ids.push(id);
  }
  return ids;
}

/**
 * Ids from a field value: a comma (or semicolon) separated text such as `0.1, 1.1` or `none`.
 * Items that name no story are problems: a field says what the story needs, so a word there
 * that is not an id is a mistake.
 */
export function readDependencyText(args: { text: string; file: string; line?: number }): DependencyReading {
  if (meansNone(args.text)) return { ids: [], problems: [] };
  return readItems({ items: args.text.split(/[,;]/).map((item) => item.trim()), file: args.file, line: args.line });
}

/** Ids from a front matter value: a list of ids, a comma text, or nothing. */
export function readDependencyValue(args: { value: unknown; file: string; line?: number }): DependencyReading {
  const { value, file, line } = args;
  if (value === null || value === undefined) return { ids: [], problems: [] };
  if (typeof value === 'string') return readDependencyText({ text: value, file, line });
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return readItems({ items: (value as string[]).map((item) => item.trim()).filter((item) => !meansNone(item)), file, line });
  }
  return {
    ids: [],
    problems: [{ file, line, message: 'front matter "dependencies" is neither a list nor a text', expected: 'a list such as [1.1, 1.2] or a text such as "1.1, 1.2"' }],
  };
}

function readItems(args: { items: string[]; file: string; line?: number }): DependencyReading {
  const ids: string[] = [];
  const problems: Problem[] = [];
  for (const item of args.items) {
    if (item === '') continue;
    const found = idsInItem(item);
    if (found) ids.push(...found);
    else problems.push({ file: args.file, line: args.line, message: `dependency "${item}" is not a story id`, expected: 'ids such as 1.1 or "Story 1.1", separated by commas, or "none"' });
  }
  return { ids: unique(ids), problems };
}

/** The ids in order of first appearance, each once, in canonical spelling. */
export function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => normalizeStoryId(id) ?? id))];
}
