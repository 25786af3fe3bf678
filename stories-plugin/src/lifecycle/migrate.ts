/**
 * Brings a persisted story record of any known schema version up to the current one. Each upgrade
 * step turns version n into n + 1; there are none yet because version 1 is the first. A version
 * newer than this code knows is refused, never guessed at.
 */
import { StoriesError } from '../errors';
import { STORY_RECORD_SCHEMA_VERSION, StoryRecord } from './record';
import { corruptHint, parseStoryRecordV1 } from './record-schema';

/** `UPGRADES[n]` turns a version-n record into version n + 1. */
const UPGRADES: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {};

/** The oldest version that can still be read. */
const OLDEST_VERSION = 1;

/** Parses and upgrades parsed JSON to the current record; `STATE_CORRUPT` naming `source` otherwise. */
export function migrateStoryRecord(args: { data: unknown; source: string }): StoryRecord {
  const { source } = args;
  let data = args.data;
  const version = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).schemaVersion : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_VERSION) {
    throw new StoriesError({
      code: 'STATE_CORRUPT',
      message: `${source} has no known schemaVersion (found ${JSON.stringify(version)}; this nx-stories reads ${OLDEST_VERSION} to ${STORY_RECORD_SCHEMA_VERSION}).`,
      hint: corruptHint(source),
    });
  }
  if (version > STORY_RECORD_SCHEMA_VERSION) {
    throw new StoriesError({
      code: 'STATE_CORRUPT',
      message: `${source} has schemaVersion ${version}, written by a newer nx-stories; this one reads up to ${STORY_RECORD_SCHEMA_VERSION}.`,
      hint: 'Upgrade nx-stories in this workspace (or reset the story with the newer version).',
    });
  }
  for (let from = version; from < STORY_RECORD_SCHEMA_VERSION; from++) {
    data = { ...UPGRADES[from](data as Record<string, unknown>), schemaVersion: from + 1 };
  }
  return parseStoryRecordV1({ data, source });
}
