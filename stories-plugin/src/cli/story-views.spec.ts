import { dependencyMap as deps, record, story } from './__fixtures__/stories';
import { progressStories, reportStories, scopeWaves, storyStatus, storyView, summaryStories } from './story-views';

describe('storyStatus', () => {
  it('takes the state record first, then the story file, then Not Started', () => {
    expect(storyStatus({ story: { status: 'Merged' }, record: record('1.1', { status: 'Failed' }) })).toEqual({ status: 'Failed', source: 'state' });
    expect(storyStatus({ story: { status: 'Merged' } })).toEqual({ status: 'Merged', source: 'file' });
    expect(storyStatus({ story: {} })).toEqual({ status: 'Not Started', source: 'default' });
  });
});

describe('storyView', () => {
  it('says why a story failed, what blocks it, and whether it waits for a person or a usage limit', () => {
    expect(storyView({ id: '1.1', story: story('1.1', 'A'), record: record('1.1', { status: 'Failed', error: { message: 'tests failed', phase: 'test' } }) })).toEqual({
      id: '1.1',
      title: 'A',
      status: 'Failed',
      reason: 'tests failed',
    });
    expect(storyView({ id: '1.2', record: record('1.2', { title: 'B', status: 'Blocked', error: { message: 'dependency 1.1 failed', blockedBy: ['1.1'] } }) })).toMatchObject({
      title: 'B',
      blockedBy: ['1.1'],
    });
    expect(storyView({ id: '1.3', record: record('1.3', { status: 'Ready for Review', awaitingReview: true }) }).awaitingReview).toBe(true);
    expect(storyView({ id: '1.4', record: record('1.4', { pausedUntil: '2024-05-01T12:00:00Z' }) })).toMatchObject({ pausedForUsageLimit: true, reason: 'until 2024-05-01T12:00:00Z' });
  });
});

describe('scopeWaves', () => {
  it('layers the chosen stories among themselves; dependencies outside count as done', () => {
    const dependencies = deps({ '1.1': [], '1.2': ['1.1'], '2.1': ['1.2'], '2.2': ['0.1'] });
    expect(Object.fromEntries(scopeWaves({ ids: ['1.2', '2.1', '2.2'], dependencies }))).toEqual({ '1.2': 1, '2.2': 1, '2.1': 2 });
  });
});

describe('progressStories', () => {
  it('shows the percentage only for stories in progress', () => {
    const records = new Map([
      ['1.1', record('1.1', { status: 'In Progress' })],
      ['1.2', record('1.2', { status: 'Merged' })],
    ]);
    const stories = new Map([['1.1', story('1.1', 'A')], ['1.2', story('1.2', 'B')]]);
    const percents = new Map([['1.1', 50], ['1.2', 100]]);
    expect(progressStories({ ids: ['1.1', '1.2'], stories, records, waves: new Map([['1.1', 1], ['1.2', 2]]), percents })).toEqual([
      { id: '1.1', title: 'A', status: 'In Progress', wave: 1, percent: 50 },
      { id: '1.2', title: 'B', status: 'Merged', wave: 2 },
    ]);
  });
});

describe('summaryStories and reportStories', () => {
  const runStart = '2024-05-01T10:00:00.000Z';
  const ran = record('1.1', {
    status: 'Merged',
    agent: 'general-developer',
    usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.01, byPhase: {} },
    phases: [
      { phase: 'run', start: '2024-05-01T09:00:00.000Z', end: '2024-05-01T09:01:00.000Z' },
      { phase: 'run', start: '2024-05-01T10:00:01.000Z', end: '2024-05-01T10:01:00.000Z' },
      { phase: 'merge', start: '2024-05-01T10:02:00.000Z' },
    ],
  });
  const stories = new Map([['1.1', story('1.1', 'A')], ['1.2', story('1.2', 'B')], ['1.3', story('1.3', 'C')]]);
  const records = new Map([['1.1', ran], ['1.2', record('1.2', { status: 'Merged', phases: [{ phase: 'run', start: '2024-05-01T09:00:00.000Z', end: '2024-05-01T09:01:00.000Z' }] })]]);

  it('counts only what happened in this run, and marks skipped stories', () => {
    expect(summaryStories({ ids: ['1.1', '1.2', '1.3'], skipped: ['1.3'], stories, records, runStart })).toEqual([
      { id: '1.1', title: 'A', status: 'Merged', startTime: '2024-05-01T10:00:01.000Z', endTime: '2024-05-01T10:01:00.000Z', usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.01 } },
      { id: '1.2', title: 'B', status: 'Merged' },
      { id: '1.3', title: 'C', status: 'Not Started', skipped: true, reason: 'a dependency is out of scope and not merged' },
    ]);
  });

  it('gives the report waves, dependencies, the agent and the phases of this run', () => {
    const [first] = reportStories({ ids: ['1.1'], stories, records, runStart, dependencies: deps({ '1.1': ['0.1'] }), waves: new Map([['1.1', 1]]) });
    expect(first).toMatchObject({ wave: 1, dependencies: ['0.1'], agent: 'general-developer' });
    expect(first.phases).toEqual([
      { phase: 'run', start: '2024-05-01T10:00:01.000Z', end: '2024-05-01T10:01:00.000Z' },
      { phase: 'merge', start: '2024-05-01T10:02:00.000Z' },
    ]);
  });
});
