import { StoriesError } from '../errors';
import { allowedEvents, applyEvent, canApply } from './apply-event';
import { createStoryRecord, StoryRecord } from './record';
import { STORY_EVENT_TYPES, STORY_STATUSES, StoryEvent, StoryEventType, StoryStatus } from './types';

const NOW = '2025-01-12T15:00:00.000Z';

// Written by hand from the contract, independently of the machine: every legal (status, event) pair.
const LEGAL: Record<StoryStatus, Partial<Record<StoryEventType, StoryStatus>>> = {
  'Not Started': { START: 'In Progress', ALREADY_MERGED: 'Merged', NOTHING_TO_DO: 'Merged', BLOCK: 'Blocked', RESET: 'Not Started' },
  'In Progress': { SUBMIT: 'Ready for Review', FAIL: 'Failed', PAUSE: 'Not Started', RECOVER: 'In Progress', RESET: 'Not Started' },
  'Ready for Review': {
    APPROVE: 'Approved',
    REQUEST_CHANGES: 'Changes Requested',
    FAIL: 'Failed',
    RECOVER: 'Ready for Review',
    RESET: 'Not Started',
  },
  'Changes Requested': { START_FIX: 'In Progress', FAIL: 'Failed', RECOVER: 'Changes Requested', RESET: 'Not Started' },
  Approved: { MERGE: 'Merged', CONFLICT: 'In Progress', FAIL: 'Failed', RECOVER: 'Approved', RESET: 'Not Started' },
  Merged: { RESET: 'Not Started' },
  Failed: { RETRY: 'Not Started', ALREADY_MERGED: 'Merged', RESET: 'Not Started' },
  Blocked: { BLOCK: 'Blocked', RETRY: 'Not Started', ALREADY_MERGED: 'Merged', RESET: 'Not Started' },
};

const SAMPLE_EVENTS: Record<StoryEventType, StoryEvent> = {
  START: { type: 'START', reason: 'wave 1' },
  SUBMIT: { type: 'SUBMIT', reason: 'tests passed' },
  APPROVE: { type: 'APPROVE', reason: 'reviewer approved' },
  REQUEST_CHANGES: { type: 'REQUEST_CHANGES', reason: 'reviewer wants changes', findings: ['add a test'] },
  START_FIX: { type: 'START_FIX', reason: 'fixing findings' },
  CONFLICT: { type: 'CONFLICT', reason: 'base moved', paths: ['src/a.ts'] },
  MERGE: { type: 'MERGE', reason: 'merged', commit: 'abc1234' },
  ALREADY_MERGED: { type: 'ALREADY_MERGED', reason: 'found in git history', commit: 'def5678' },
  NOTHING_TO_DO: { type: 'NOTHING_TO_DO', reason: 'documentation only' },
  FAIL: { type: 'FAIL', reason: 'agent timed out', phase: 'run' },
  BLOCK: { type: 'BLOCK', reason: 'dependency 1.1 failed', blockedBy: ['1.1'] },
  RETRY: { type: 'RETRY', reason: 'user retry' },
  RESET: { type: 'RESET', reason: 'user reset' },
  PAUSE: { type: 'PAUSE', reason: 'usage limit', resetAt: '2025-01-12T18:00:00.000Z' },
  RECOVER: { type: 'RECOVER', reason: 'owner pid 12 is gone' },
};

function recordIn(status: StoryStatus): StoryRecord {
  return { ...createStoryRecord({ storyId: '1.2', now: NOW }), status };
}

const cases = STORY_STATUSES.flatMap((status) =>
  STORY_EVENT_TYPES.map((type) => ({ status, type, to: LEGAL[status][type] })),
);

describe('story lifecycle: every status x every event', () => {
  it('covers all 8 statuses x 15 events', () => {
    expect(cases).toHaveLength(120);
  });

  it.each(cases.filter((c) => c.to))('$status + $type -> $to', ({ status, type, to }) => {
    const record = recordIn(status);
    expect(canApply({ record, event: SAMPLE_EVENTS[type] })).toBe(true);
    const result = applyEvent({ record, event: SAMPLE_EVENTS[type], now: NOW });
    expect(result).toMatchObject({ from: status, to, reason: SAMPLE_EVENTS[type].reason });
    expect(result.record.status).toBe(to);
    expect(result.record.revision).toBe(record.revision + 1);
  });

  it.each(cases.filter((c) => !c.to))('$status + $type is illegal', ({ status, type }) => {
    const record = recordIn(status);
    expect(canApply({ record, event: SAMPLE_EVENTS[type] })).toBe(false);
    const allowed = Object.keys(LEGAL[status]).sort();
    let thrown: unknown;
    try {
      applyEvent({ record, event: SAMPLE_EVENTS[type], now: NOW });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoriesError);
    expect(thrown).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const message = (thrown as Error).message;
    expect(message).toContain(`story 1.2 is ${status}; ${type} is not allowed there (allowed: `);
    expect(message.slice(message.indexOf('(allowed: ') + 10, -1).split(', ').sort()).toEqual(allowed);
  });

  it('names the allowed events in the message', () => {
    expect(() => applyEvent({ record: recordIn('Merged'), event: SAMPLE_EVENTS.MERGE, now: NOW })).toThrow(
      'story 1.2 is Merged; MERGE is not allowed there (allowed: RESET)',
    );
    expect(allowedEvents('Approved')).toEqual(['CONFLICT', 'MERGE', 'FAIL', 'RESET', 'RECOVER']);
  });
});
