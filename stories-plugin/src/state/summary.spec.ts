import { createStoryRecord, StoryRecord, StoryStatus } from '../lifecycle';
import { summarizeStories } from './summary';

const record = (storyId: string, status: StoryStatus, extra: Partial<StoryRecord> = {}): StoryRecord => ({
  ...createStoryRecord({ storyId, now: '2025-01-01T00:00:00.000Z' }),
  status,
  ...extra,
});

describe('summarizeStories', () => {
  it('counts statuses the contract way and names the stories awaiting a human', () => {
    const state = summarizeStories({
      records: [
        record('0.1', 'Merged', { wave: 1, startTime: '2025-01-01T01:00:00.000Z' }),
        record('1.1', 'In Progress', { wave: 2, startTime: '2025-01-01T02:00:00.000Z' }),
        record('1.2', 'Ready for Review', { wave: 2, awaitingReview: true }),
        record('1.3', 'Approved', { wave: 2 }),
        record('1.4', 'Changes Requested', { wave: 2 }),
        record('2.1', 'Not Started', { wave: 3 }),
        record('2.2', 'Failed', { wave: 3 }),
        record('3.1', 'Blocked', { wave: 4 }),
      ],
      unreadable: ['.agent-orchestration/story-9.9.json'],
    });
    expect(state).toMatchObject({
      totalStories: 8,
      completed: 1,
      inProgress: 4,
      pending: 1,
      failed: 1,
      blocked: 1,
      currentWave: 2,
      startTime: '2025-01-01T01:00:00.000Z',
      awaitingReview: ['1.2'],
      unreadable: ['.agent-orchestration/story-9.9.json'],
    });
    expect(state.byStatus['Ready for Review']).toBe(1);
  });

  it('reports the last wave once everything is done, and null without waves', () => {
    expect(summarizeStories({ records: [record('1.1', 'Merged', { wave: 1 }), record('1.2', 'Failed', { wave: 2 })] }).currentWave).toBe(2);
    expect(summarizeStories({ records: [record('1.1', 'Not Started')] })).toMatchObject({ currentWave: null, startTime: null });
    expect(summarizeStories({ records: [] })).toMatchObject({ totalStories: 0, startTime: null, awaitingReview: [] });
  });
});
