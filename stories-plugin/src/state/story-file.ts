/**
 * Reads one story state file: parse, migrate to the current schema, and check it belongs to the
 * story its name says. Anything wrong is `STATE_CORRUPT` naming the file, never a silent reset.
 */
import { readFileSync } from 'node:fs';
import { StoriesError } from '../errors';
import { corruptHint, migrateStoryRecord, StoryRecord } from '../lifecycle';

/** The record in `path`, or undefined when the file does not exist. `display` names it in errors. */
export function readStoryFile(args: { path: string; storyId: string; display: string }): StoryRecord | undefined {
  const { path, storyId, display } = args;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StoriesError({
      code: 'STATE_CORRUPT',
      message: `${display} is not valid JSON: ${(error as Error).message}`,
      hint: corruptHint(display),
    });
  }
  const record = migrateStoryRecord({ data, source: display });
  if (record.storyId !== storyId) {
    throw new StoriesError({
      code: 'STATE_CORRUPT',
      message: `${display} holds story ${record.storyId}, but its name says ${storyId}.`,
      hint: corruptHint(display),
    });
  }
  return record;
}

/** The text a record is stored as. */
export function serializeRecord(record: StoryRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
