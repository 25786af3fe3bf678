/**
 * Id texts for scope messages. Parsing and numeric order of ids live in `stories/ids.ts`.
 */
import { parseStoryId, sortStoryIds } from '../stories/ids';

/**
 * A short text for a set of ids, folding runs of consecutive story numbers within an epic:
 * `1.1-1.3, 1.5, 2.1-2.2`. Used in messages that must say what exists.
 */
export function describeStoryIds(ids: Iterable<string>): string {
  const runs: string[][] = [];
  for (const id of sortStoryIds(ids)) {
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
