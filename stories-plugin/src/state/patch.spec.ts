import { createStoryRecord, StoryRecord } from '../lifecycle';
import { addUsage, applyPatch, endPhase, interruptOpenPhases, startPhase, StoryPatch } from './patch';

const fresh = (): StoryRecord => createStoryRecord({ storyId: '1.2', now: 't0' });

describe('story patches', () => {
  it('sets descriptive fields', () => {
    const record = applyPatch({ record: fresh(), patch: { worktree: '.worktrees/x', branch: 'story/1.2-x', wave: 2 } });
    expect(record).toMatchObject({ worktree: '.worktrees/x', branch: 'story/1.2-x', wave: 2, revision: 0 });
  });

  it.each([['status'], ['attempts'], ['owner'], ['revision']])('refuses to patch %s', (field) => {
    const patch = { [field]: 1 } as unknown as StoryPatch;
    expect(() => applyPatch({ record: fresh(), patch })).toThrow(`story 1.2: refusing the update: ${field} can only change through a lifecycle event`);
  });

  it('lets only a story Ready for Review await a reviewer', () => {
    expect(() => applyPatch({ record: fresh(), patch: { awaitingReview: true } })).toThrow('only a story Ready for Review');
    expect(applyPatch({ record: { ...fresh(), status: 'Ready for Review' }, patch: { awaitingReview: true } }).awaitingReview).toBe(true);
  });

  it('adds usage to the totals and to the phase', () => {
    let record = fresh();
    record = applyPatch({ record, patch: addUsage({ record, phase: 'run', usage: { inputTokens: 10, outputTokens: 2, costUsd: 0.5 } }) });
    record = applyPatch({ record, patch: addUsage({ record, phase: 'run', usage: { inputTokens: 5, outputTokens: 1, costUsd: 0.25 } }) });
    record = applyPatch({ record, patch: addUsage({ record, phase: 'review', usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 } }) });
    expect(record.usage).toEqual({
      inputTokens: 16,
      outputTokens: 4,
      costUsd: 0.75,
      byPhase: { run: { inputTokens: 15, outputTokens: 3, costUsd: 0.75 }, review: { inputTokens: 1, outputTokens: 1, costUsd: 0 } },
    });
  });

  it('opens and closes phases on the timeline; a crash leaves them interrupted', () => {
    let record = fresh();
    record = applyPatch({ record, patch: startPhase({ record, phase: 'run', now: 't1' }) });
    record = applyPatch({ record, patch: endPhase({ record, phase: 'run', now: 't2', result: 'ok' }) });
    record = applyPatch({ record, patch: startPhase({ record, phase: 'test', now: 't3' }) });
    record = applyPatch({ record, patch: endPhase({ record, phase: 'review', now: 't4', result: 'failed', detail: 'no verdict' }) });
    expect(record.phases).toEqual([
      { phase: 'run', start: 't1', end: 't2', result: 'ok' },
      { phase: 'test', start: 't3' },
      { phase: 'review', start: 't4', end: 't4', result: 'failed', detail: 'no verdict' },
    ]);
    expect(interruptOpenPhases({ record, now: 't5' }).phases?.[1]).toEqual({ phase: 'test', start: 't3', end: 't5', result: 'interrupted' });
  });
});
