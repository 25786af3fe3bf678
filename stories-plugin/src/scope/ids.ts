/**
 * Story ids as numbers: `epic.story`, compared numerically so that `1.9` < `1.10` < `2.1`.
 * Lives in `scope/` until the stories module exports its own; then one of the two goes.
 */

/** The two numbers of a story id. */
export interface StoryIdParts {
  epic: number;
  number: number;
}

const ID_PATTERN = /^(\d+)\.(\d+)$/;

/** `{ epic: 1, number: 10 }` for `1.10` (also `01.010`); undefined for anything that is not an id. */
export function parseStoryId(text: string): StoryIdParts | undefined {
  const match = ID_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { epic: Number(match[1]), number: Number(match[2]) };
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

/**
 * A short text for a set of ids, folding runs of consecutive story numbers within an epic:
 * `1.1-1.3, 1.5, 2.1-2.2`. Used in messages that must say what exists.
 */
export function describeStoryIds(ids: Iterable<string>): string {
  const sorted = sortStoryIds(ids);
  const runs: string[][] = [];
  for (const id of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    const lastParts = last === undefined ? undefined : parseStoryId(last);
    const parts = parseStoryId(id);
    if (run && lastParts && parts && parts.epic === lastParts.epic && parts.number === lastParts.number + 1) {
      run.push(id);
    } else {
      runs.push([id]);
    }
  }
  return runs.map((run) => (run.length === 1 ? run[0] : `${run[0]}-${run[run.length - 1]}`)).join(', ');
}
