/**
 * The message of a story merge commit and how merged stories are read back from history. The
 * trailers `Story-Id` and `Story-Hash` are the durable record that a story is merged for a given
 * content (contract sections 3 and 5). Pure.
 */
import { StoriesError } from '../errors';
import { validateStoryId } from './names';

/** Trailer naming the merged story's id. */
export const STORY_ID_TRAILER = 'Story-Id';
/** Trailer naming the story content hash the merge was made for. */
export const STORY_HASH_TRAILER = 'Story-Hash';

const STORY_HASH = /^[A-Za-z0-9][A-Za-z0-9._:+=-]{0,199}$/;
const MAX_TITLE_LENGTH = 200;

/** Returns the hash when it is one token of `[A-Za-z0-9._:+=-]` (it becomes a trailer value); else `PATH_UNSAFE`. */
export function validateStoryHash(storyHash: string): string {
  if (typeof storyHash !== 'string' || !STORY_HASH.test(storyHash)) {
    throw new StoriesError({
      code: 'PATH_UNSAFE',
      message: `Story hash ${JSON.stringify(String(storyHash).slice(0, 80))} is not a single token of letters, digits and ._:+=-.`,
    });
  }
  return storyHash;
}

/** A title reduced to one printable line, so it cannot forge trailers or break the subject. */
export function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TITLE_LENGTH ? `${flat.slice(0, MAX_TITLE_LENGTH - 3)}...` : flat;
}

/**
 * `Merge story <id>: <title>`, a body naming the branches, and the trailers as the last paragraph.
 */
export function buildMergeMessage(args: { storyId: string; storyHash: string; title: string; branch: string; baseBranch: string }): string {
  const id = validateStoryId(args.storyId);
  const hash = validateStoryHash(args.storyHash);
  const title = oneLine(args.title);
  return [
    `Merge story ${id}${title ? `: ${title}` : ''}`,
    '',
    `Merge branch '${args.branch}' into ${args.baseBranch}.`,
    '',
    `${STORY_ID_TRAILER}: ${id}`,
    `${STORY_HASH_TRAILER}: ${hash}`,
    '',
  ].join('\n');
}

/** Record and field separators of {@link MERGED_STORY_LOG_FORMAT} (bytes never found in trailers). */
const FIELD = '\x1f';
const RECORD = '\x1e';

/** `git log --format` printing commit id, Story-Id values and Story-Hash values per commit. */
export const MERGED_STORY_LOG_FORMAT =
  `%H%x1f%(trailers:key=${STORY_ID_TRAILER},valueonly,separator=%x2C)%x1f%(trailers:key=${STORY_HASH_TRAILER},valueonly,separator=%x2C)%x1e`;

/** A story merge found in history. */
export interface MergedStory {
  commit: string;
  storyId: string;
  storyHash: string;
}

/** Parses {@link MERGED_STORY_LOG_FORMAT} output, newest first; commits without both trailers are skipped. */
export function parseMergedStoryLog(output: string): MergedStory[] {
  const merged: MergedStory[] = [];
  for (const record of output.split(RECORD)) {
    const [commit, ids, hashes] = record.trim().split(FIELD);
    if (!commit || ids === undefined || hashes === undefined) continue;
    // A message edited by hand could carry a trailer twice: the last one wins, as in git interpret-trailers.
    const storyId = ids.split(',').map((v) => v.trim()).filter(Boolean).pop();
    const storyHash = hashes.split(',').map((v) => v.trim()).filter(Boolean).pop();
    if (storyId && storyHash) merged.push({ commit, storyId, storyHash });
  }
  return merged;
}

/** A `git log --grep` pattern (basic regex) matching exactly the `Story-Id: <id>` line. */
export function storyIdGrepPattern(storyId: string): string {
  return `^${STORY_ID_TRAILER}: ${validateStoryId(storyId).replace('.', '\\.')}$`;
}
