import { nextSteps, runOutcome, summaryExitCode } from './outcome';
import { renderSummary, summaryJson, usageTotals } from './summary';
import type { SummaryModel, SummaryStory } from './types';

const at = (minute: number): string => new Date(Date.UTC(2024, 4, 1, 12, minute)).toISOString();

const merged = (id: string, title: string, minutes: [number, number], costUsd?: number): SummaryStory => ({
  id,
  title,
  status: 'Merged',
  startTime: at(minutes[0]),
  endTime: at(minutes[1]),
  ...(costUsd !== undefined && { usage: { inputTokens: 12345, outputTokens: 678, costUsd } }),
});

const failing: SummaryModel = {
  startTime: at(0),
  endTime: at(30),
  stories: [
    { id: '4.1', title: 'Advanced Search', status: 'Blocked', blockedBy: ['3.2'] },
    merged('1.10', 'Settings', [5, 9], 0.5),
    merged('1.2', 'User Profile', [0, 4], 0.25),
    { id: '3.2', title: 'API Integration', status: 'Failed', reason: 'Test failures', startTime: at(10), endTime: at(20) },
  ],
};

describe('renderSummary', () => {
  it('prints the spec summary with failures, blocked stories, usage and next steps', () => {
    expect(renderSummary(failing)).toBe(
      [
        '❌ Story Implementation Finished With Failures',
        '',
        'Total Stories: 4',
        '✅ Completed: 2',
        '❌ Failed: 1',
        '🚫 Blocked: 1',
        '⏭️  Skipped: 0',
        '',
        'Failed Stories:',
        '  - 3.2: API Integration (Test failures)',
        '',
        'Blocked Stories:',
        '  - 4.1: Advanced Search (blocked by 3.2)',
        '',
        'Usage:',
        '  1.2 User Profile      12,345 in     678 out          $0.25            4m 00s',
        '  1.10 Settings         12,345 in     678 out          $0.50            4m 00s',
        '  3.2 API Integration                           not reported           10m 00s',
        '  Total                 24,690 in   1,356 out          $0.75   30m 00s elapsed',
        '  (no usage reported by 3.2)',
        '',
        'Next Steps:',
        '  1. Read .agent-orchestration/logs/3.2/, fix the cause, then run: npx stories retry 3.2',
        '  2. Continue with blocked 4.1 once their dependencies merge: nx run-many -t implement',
        '  3. See the state of every story: npx stories status',
      ].join('\n'),
    );
  });

  it('says complete when every story is merged', () => {
    const text = renderSummary({ stories: [merged('1.1', 'A', [0, 1])] });
    expect(text.split('\n')[0]).toBe('✅ Story Implementation Complete');
    expect(text).toContain('  1. Look over the merged work: git log --merges');
    expect(text).toContain('  1.1 A   not reported           1m 00s\n  Total   not reported   1m 00s elapsed');
  });

  it('lists stories awaiting review and paused ones, with the commands that continue them', () => {
    const text = renderSummary({
      stories: [
        { id: '1.1', title: 'A', status: 'Ready for Review', awaitingReview: true },
        { id: '1.2', title: 'B', status: 'In Progress', pausedForUsageLimit: true, reason: 'limit resets at 15:00' },
        { id: '1.3', title: 'C', status: 'Not Started', skipped: true },
      ],
    });
    expect(text.split('\n')[0]).toBe('⏸️  Story Implementation Paused');
    expect(text).toContain('⏸️  Awaiting review: 1');
    expect(text).toContain('⏸️  Paused for usage limits: 1');
    expect(text).toContain('⏭️  Skipped: 1');
    expect(text).toContain('  - 1.1: A (npx stories approve 1.1)');
    expect(text).toContain('  - 1.2: B (limit resets at 15:00)');
    expect(text).toContain('  - 1.3: C (a dependency is out of scope)');
    expect(text).toContain('Usage: no story ran in this run');
    expect(text).toContain('  1. Review story 1.1, then run: npx stories approve 1.1  (or: npx stories request-changes 1.1 --finding "...")');
    expect(text).toContain('  2. Continue with reviewed stories, 1.2 after the usage limit resets and skipped 1.3 with their dependencies: nx run-many -t implement');
  });
});

describe('summaryJson', () => {
  it('holds outcome, exit code, totals, usage and each story', () => {
    const json = summaryJson(failing);
    expect(json).toMatchObject({
      outcome: 'failed',
      exitCode: 1,
      elapsedMs: 30 * 60_000,
      totals: { total: 4, completed: 2, failed: 1, blocked: 1, skipped: 0, awaitingReview: 0, pausedForUsageLimit: 0, notFinished: 0 },
      usage: { inputTokens: 24690, outputTokens: 1356, costUsd: 0.75, unreported: ['3.2'] },
    });
    expect(json.stories.map((story) => [story.id, story.category])).toEqual([
      ['1.2', 'completed'],
      ['1.10', 'completed'],
      ['3.2', 'failed'],
      ['4.1', 'blocked'],
    ]);
    expect(json.stories[3]).toEqual({ id: '4.1', title: 'Advanced Search', status: 'Blocked', category: 'blocked', blockedBy: ['3.2'] });
    expect(json.stories[0].durationMs).toBe(4 * 60_000);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('takes the run span from the stories when the model has none', () => {
    const json = summaryJson({ stories: [merged('1.1', 'A', [3, 5]), merged('1.2', 'B', [1, 4])] });
    expect([json.startTime, json.endTime, json.elapsedMs]).toEqual([at(1), at(5), 4 * 60_000]);
  });
});

describe('exit code and outcome', () => {
  it('is 0 only when every story in scope is merged', () => {
    expect(summaryExitCode([])).toBe(0);
    expect(summaryExitCode([{ status: 'Merged' }, { status: 'Merged' }])).toBe(0);
    expect(summaryExitCode([{ status: 'Merged' }, { status: 'Approved' }])).toBe(1);
    expect(summaryExitCode([{ status: 'Merged' }, { status: 'Not Started' }])).toBe(1);
  });

  it('calls a run failed when anything failed or is blocked, paused otherwise', () => {
    expect(runOutcome(failing.stories)).toBe('failed');
    expect(runOutcome([{ id: '1.1', title: 'A', status: 'Ready for Review', awaitingReview: true }])).toBe('paused');
  });

  it('always ends the next steps with the status command', () => {
    expect(nextSteps([]).at(-1)).toBe('See the state of every story: npx stories status');
  });
});

describe('usageTotals', () => {
  it('adds what was reported and ignores stories that never ran', () => {
    expect(usageTotals([{ id: '1.1', title: 'A', status: 'Not Started' }, { id: '1.2', title: 'B', status: 'Merged', usage: { costUsd: 0.1 } }])).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0.1,
      unreported: [],
    });
  });
});
