import { applyEvent } from './apply-event';
import { createStoryRecord, StoryRecord } from './record';
import { StoryEvent, StoryOwner } from './types';

const owner: StoryOwner = { pid: 41, hostname: 'h', processStart: '9', since: '2025-01-01T00:00:00.000Z' };
const fresh = (maxReviewRounds = 3, maxConflictRounds = 3) =>
  createStoryRecord({ storyId: '2.10', now: 't0', maxReviewRounds, maxConflictRounds });

/** Applies events in order at increasing times; returns the last result's record. */
function run(record: StoryRecord, ...events: StoryEvent[]): StoryRecord {
  return events.reduce((current, event, index) => applyEvent({ record: current, event, now: `t${index + 1}` }).record, record);
}

const start: StoryEvent = { type: 'START', reason: 'go', owner };
const submit: StoryEvent = { type: 'SUBMIT', reason: 'tests passed' };
const changes = (finding: string): StoryEvent => ({ type: 'REQUEST_CHANGES', reason: 'changes', findings: [finding] });
const fix: StoryEvent = { type: 'START_FIX', reason: 'fix' };
const approve: StoryEvent = { type: 'APPROVE', reason: 'ok' };
const conflict = (path: string): StoryEvent => ({ type: 'CONFLICT', reason: 'conflict', paths: [path] });

describe('applyEvent context effects', () => {
  it('START counts an attempt, takes the owner and stamps the times', () => {
    const record = run(fresh(), start);
    expect(record).toMatchObject({ status: 'In Progress', attempts: 1, owner, startTime: 't1', statusSince: 't1', lastUpdate: 't1', revision: 1 });
    expect(record.createdAt).toBe('t0');
  });

  it('counts review rounds and fails at the limit with the count in the reason', () => {
    const twoRounds = run(fresh(3), start, submit, changes('a'), fix, submit, changes('b'), fix, submit);
    expect(twoRounds).toMatchObject({ status: 'Ready for Review', reviewRounds: 2, findings: ['b'] });
    const result = applyEvent({ record: twoRounds, event: changes('c'), now: 'tx' });
    expect(result).toMatchObject({ from: 'Ready for Review', to: 'Failed', reason: 'review rounds exhausted (3); last findings: c' });
    expect(result.record).toMatchObject({
      reviewRounds: 3,
      findings: ['c'],
      owner: null,
      error: { message: 'review rounds exhausted (3); last findings: c', phase: 'review' },
      statusReason: 'review rounds exhausted (3); last findings: c',
    });
  });

  it('with maxReviewRounds 1 the first change request fails the story', () => {
    const result = applyEvent({ record: run(fresh(1), start, submit), event: changes('x'), now: 'tx' });
    expect(result.to).toBe('Failed');
  });

  it('counts conflict rounds, hands the paths over, and fails at the limit', () => {
    const approved = run(fresh(3, 2), start, submit, approve);
    const other: StoryOwner = { ...owner, pid: 77 };
    const resolving = applyEvent({ record: approved, event: { type: 'CONFLICT', reason: 'c', paths: ['a.ts'], owner: other }, now: 'tc' }).record;
    expect(resolving).toMatchObject({ status: 'In Progress', conflictRounds: 1, conflictPaths: ['a.ts'], owner: other });
    const result = applyEvent({ record: run(resolving, submit, approve), event: conflict('b.ts'), now: 'td' });
    expect(result).toMatchObject({ to: 'Failed', reason: 'conflict rounds exhausted (2): b.ts' });
    expect(result.record.error).toEqual({ message: 'conflict rounds exhausted (2): b.ts', phase: 'merge' });
  });

  it('hand-offs release the owner so the next phase claims a free story', () => {
    const started = run(fresh(), start);
    expect(started.owner).toEqual(owner);
    const reviewer: StoryOwner = { ...owner, pid: 99 };
    const steps: [StoryEvent, StoryOwner | null][] = [
      [submit, null],
      [changes('a'), null],
      [{ type: 'START_FIX', reason: 'fix', owner: reviewer }, reviewer],
      [submit, null],
      [approve, null],
      [{ type: 'CONFLICT', reason: 'c', paths: ['x'], owner }, owner],
    ];
    steps.reduce((record, [event, expected]) => {
      const next = applyEvent({ record: { ...record, owner: record.owner ?? reviewer }, event, now: 'tn' }).record;
      expect([event.type, next.owner]).toEqual([event.type, expected]);
      return next;
    }, started);
  });

  it('MERGE records the commit and releases the owner', () => {
    const record = run(fresh(), start, submit, approve, { type: 'MERGE', reason: 'merged', commit: 'abcdef1' });
    expect(record).toMatchObject({ status: 'Merged', mergeCommit: 'abcdef1', owner: null, error: null });
  });

  it('FAIL records what and where; RETRY clears rounds and error but keeps the attempts', () => {
    const failed = run(fresh(), start, submit, changes('a'), { type: 'FAIL', reason: 'npm test exited 1', phase: 'test' });
    expect(failed).toMatchObject({ status: 'Failed', owner: null, error: { message: 'npm test exited 1', phase: 'test' }, reviewRounds: 1 });
    const retried = run(failed, { type: 'RETRY', reason: 'again' });
    expect(retried).toMatchObject({ status: 'Not Started', attempts: 1, reviewRounds: 0, error: null, findings: [] });
    expect(run(retried, start).attempts).toBe(2);
  });

  it('BLOCK names the blockers, also again while Blocked; ALREADY_MERGED clears the error', () => {
    const blocked = run(fresh(), { type: 'BLOCK', reason: '1.1 failed', blockedBy: ['1.1'] });
    expect(blocked.error).toEqual({ message: '1.1 failed', blockedBy: ['1.1'] });
    const reblocked = applyEvent({ record: blocked, event: { type: 'BLOCK', reason: '1.3 failed too', blockedBy: ['1.1', '1.3'] }, now: 'tb' });
    expect(reblocked).toMatchObject({ from: 'Blocked', to: 'Blocked', reason: '1.3 failed too' });
    expect(reblocked.record.statusSince).toBe(blocked.statusSince);
    expect(reblocked.record.error?.blockedBy).toEqual(['1.1', '1.3']);
    expect(run(blocked, { type: 'ALREADY_MERGED', reason: 'in git' })).toMatchObject({ status: 'Merged', error: null, mergeCommit: null });
  });

  it('PAUSE goes back to Not Started with the reset time; the next START clears it', () => {
    const paused = run(fresh(), start, { type: 'PAUSE', reason: 'usage limit', resetAt: '2025-01-12T18:00:00Z' });
    expect(paused).toMatchObject({ status: 'Not Started', pausedUntil: '2025-01-12T18:00:00Z', owner: null, attempts: 1 });
    expect(run(paused, start)).toMatchObject({ pausedUntil: null, attempts: 2 });
  });

  it('RECOVER keeps the status and clears only the owner', () => {
    for (const path of [[start], [start, submit], [start, submit, changes('a')], [start, submit, approve]]) {
      const active = run(fresh(), ...path);
      const result = applyEvent({ record: { ...active, awaitingReview: active.status === 'Ready for Review' }, event: { type: 'RECOVER', reason: 'pid 41 gone' }, now: 'tr' });
      expect(result.from).toBe(result.to);
      expect(result.record).toMatchObject({ owner: null, statusSince: active.statusSince, awaitingReview: active.status === 'Ready for Review' });
    }
  });

  it('leaving Ready for Review ends the wait for a human reviewer', () => {
    const waiting = { ...run(fresh(), start, submit), awaitingReview: true };
    expect(applyEvent({ record: waiting, event: approve, now: 'ta' }).record.awaitingReview).toBe(false);
  });

  it('RESET clears everything but the limits and the descriptive fields', () => {
    const base = { ...fresh(5), title: 'T', branch: 'story/2.10-t' };
    const record = run(base, start, submit, changes('a'), { type: 'FAIL', reason: 'x', phase: 'fix' }, { type: 'RESET', reason: 'user' });
    expect(record).toMatchObject({
      status: 'Not Started',
      attempts: 0,
      reviewRounds: 0,
      maxReviewRounds: 5,
      error: null,
      startTime: null,
      title: 'T',
      branch: 'story/2.10-t',
      statusReason: 'user',
    });
  });

  it('never mutates the record it is given', () => {
    const record = fresh();
    const copy = JSON.parse(JSON.stringify(record));
    applyEvent({ record, event: start, now: 't1' });
    expect(record).toEqual(copy);
  });

  it.each([
    [{ type: 'MERGE', reason: 'x', commit: 'HEAD; rm -rf' }, 'MERGE: "commit" must be a commit id'],
    [{ type: 'START' }, 'START needs a "reason"'],
    [{ type: 'START', reason: '  ' }, 'START needs a "reason"'],
    [{ type: 'JUMP', reason: 'x' }, 'unknown event "JUMP"'],
    [{ type: 'FAIL', reason: 'x', phase: 'lunch' }, 'FAIL: "phase" must be one of'],
    [{ type: 'BLOCK', reason: 'x', blockedBy: [] }, 'BLOCK: "blockedBy" must list'],
    [{ type: 'REQUEST_CHANGES', reason: 'x', findings: 'fix it' }, 'REQUEST_CHANGES: "findings" must be a list'],
    [{ type: 'START', reason: 'x', owner: { pid: 'me' } }, 'START: "owner" must be'],
  ])('refuses the malformed event %j', (event, message) => {
    expect(() => applyEvent({ record: fresh(), event: event as StoryEvent, now: 't' })).toThrow(`story 2.10: ${message}`);
  });
});
