import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEvent } from './apply-event';
import { migrateStoryRecord } from './migrate';
import { createStoryRecord, STORY_RECORD_SCHEMA_VERSION } from './record';
import { STORY_RECORD_V1_KEYS } from './record-schema';

const fixture = (version: number) =>
  JSON.parse(readFileSync(join(__dirname, '__fixtures__', `story-record.v${version}.json`), 'utf8')) as Record<string, unknown>;
const SOURCE = '.agent-orchestration/story-1.2.json';

describe('persisted story record', () => {
  it('reads the version-1 fixture unchanged', () => {
    const data = fixture(1);
    expect(migrateStoryRecord({ data, source: SOURCE })).toEqual(data);
  });

  it('writes exactly the fields of the current schema (change them only with a new version and fixture)', () => {
    expect(STORY_RECORD_SCHEMA_VERSION).toBe(1);
    const written = Object.keys(createStoryRecord({ storyId: '1.2', now: '2025-01-01T00:00:00.000Z' })).sort();
    expect(written).toEqual([...STORY_RECORD_V1_KEYS].sort());
    expect(Object.keys(fixture(STORY_RECORD_SCHEMA_VERSION)).sort()).toEqual(written);
  });

  it('restores the machine from the fixture and goes on from there', () => {
    const record = migrateStoryRecord({ data: fixture(1), source: SOURCE });
    const result = applyEvent({ record, event: { type: 'REQUEST_CHANGES', reason: 'still wrong', findings: ['x'] }, now: '2025-01-12T15:00:00.000Z' });
    expect(result.record).toMatchObject({ status: 'Changes Requested', reviewRounds: 2, revision: 8 });
  });

  it('survives a JSON round trip of a fresh record', () => {
    const record = createStoryRecord({ storyId: '3.1', now: '2025-01-01T00:00:00.000Z', details: { title: 'x', wave: 1 } });
    expect(migrateStoryRecord({ data: JSON.parse(JSON.stringify(record)), source: SOURCE })).toEqual(record);
  });

  it('refuses a version from the future with a clear error', () => {
    expect(() => migrateStoryRecord({ data: { ...fixture(1), schemaVersion: 2 }, source: SOURCE })).toThrow(
      `${SOURCE} has schemaVersion 2, written by a newer nx-stories; this one reads up to 1.`,
    );
  });

  it.each([[{}], [null], [[1]], [{ schemaVersion: '1' }], [{ schemaVersion: 0 }]])('refuses %j: no known version', (data) => {
    expect(() => migrateStoryRecord({ data, source: SOURCE })).toThrow(expect.objectContaining({ code: 'STATE_CORRUPT', message: expect.stringContaining('no known schemaVersion') }));
  });

  it('lists every wrong, missing and unknown field of a corrupt record', () => {
    const { attempts: _dropped, ...rest } = fixture(1);
    const data = { ...rest, status: 'Done', extra: true };
    let message = '';
    try {
      migrateStoryRecord({ data, source: SOURCE });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${SOURCE} is not a valid story record:`);
    expect(message).toContain('field "status" is "Done" (one of Not Started,');
    expect(message).toContain('field "attempts" is missing');
    expect(message).toContain('unknown field "extra"');
  });
});
