import { countTaskProgress, progressTotals, renderProgressChanges, renderProgressFrame, taskPercent, terminalRedraw } from './progress';
import type { ProgressStory } from './types';

const stories: ProgressStory[] = [
  { id: '1.2', title: 'User Profile', wave: 1, status: 'In Progress', percent: 45 },
  { id: '0.1', title: 'Design System Foundation', wave: 1, status: 'Merged' },
  { id: '1.1', title: 'User Authentication', wave: 1, status: 'Merged' },
  { id: '2.2', title: 'Widget System', wave: 2, status: 'Not Started' },
  { id: '2.1', title: 'Dashboard Layout', wave: 2, status: 'Not Started' },
];

describe('renderProgressFrame', () => {
  it('draws the spec view grouped by wave, in numeric order', () => {
    expect(renderProgressFrame({ stories })).toBe(
      [
        '📊 Story Implementation Progress',
        '',
        'Wave 1 (3 stories):',
        '  ✅ 0.1 - Design System Foundation (Completed)',
        '  ✅ 1.1 - User Authentication (Completed)',
        '  ⏳ 1.2 - User Profile (In Progress - 45%)',
        '',
        'Wave 2 (2 stories):',
        '  ⏸️  2.1 - Dashboard Layout (Waiting for Wave 1)',
        '  ⏸️  2.2 - Widget System (Waiting for Wave 1)',
        '',
        '2/5 merged · 1 in progress',
      ].join('\n'),
    );
  });

  it('shows one emoji and a reason for every lifecycle status', () => {
    const frame = renderProgressFrame({
      stories: [
        { id: '1.1', title: 'A', wave: 1, status: 'Not Started' },
        { id: '1.2', title: 'B', wave: 1, status: 'In Progress' },
        { id: '1.3', title: 'C', wave: 1, status: 'Ready for Review', awaitingReview: true },
        { id: '1.4', title: 'D', wave: 1, status: 'Changes Requested', reason: '2 findings' },
        { id: '1.5', title: 'E', wave: 1, status: 'Approved' },
        { id: '1.6', title: 'F', wave: 1, status: 'Merged' },
        { id: '1.7', title: 'G', wave: 1, status: 'Failed', reason: 'tests failed' },
        { id: '2.1', title: 'H', wave: 2, status: 'Blocked', blockedBy: ['1.7'] },
        { id: '2.2', title: 'I', wave: 2, status: 'In Progress', pausedForUsageLimit: true },
      ],
    });
    expect(frame).toContain('  ⏸️  1.1 - A (Not Started)');
    expect(frame).toContain('  ⏳ 1.2 - B (In Progress)');
    expect(frame).toContain('  👀 1.3 - C (Awaiting review: npx stories approve 1.3)');
    expect(frame).toContain('  🔁 1.4 - D (Changes Requested: 2 findings)');
    expect(frame).toContain('  👍 1.5 - E (Approved)');
    expect(frame).toContain('  ✅ 1.6 - F (Completed)');
    expect(frame).toContain('  ❌ 1.7 - G (Failed: tests failed)');
    expect(frame).toContain('  🚫 2.1 - H (Blocked by 1.7)');
    expect(frame).toContain('  ⏸️  2.2 - I (Paused for usage limit)');
    expect(frame).toContain('Wave 1 (7 stories):');
    expect(frame).toContain('1/9 merged · 3 in progress · 1 awaiting review · 1 paused · 1 failed · 1 blocked');
  });

  it('shortens titles so that lines fit the terminal', () => {
    const long = { id: '1.1', title: 'A very long title that would wrap on a narrow terminal', wave: 1, status: 'Merged' as const };
    const line = renderProgressFrame({ stories: [long], columns: 40 }).split('\n')[3];
    expect([...line].length).toBeLessThanOrEqual(40);
    expect(line).toMatch(/^ {2}✅ 1\.1 - A very.*… \(Completed\)$/);
  });
});

describe('renderProgressChanges', () => {
  const time = new Date(2024, 4, 1, 12, 3, 4);

  it('prints every story the first time', () => {
    expect(renderProgressChanges({ previous: undefined, current: stories.slice(0, 2), time })).toEqual([
      '[12:03:04] 0.1 Design System Foundation: Merged',
      '[12:03:04] 1.2 User Profile: In Progress 45%',
    ]);
  });

  it('prints only the stories that changed, old state -> new state', () => {
    const next: ProgressStory[] = stories.map((story) =>
      story.id === '1.2'
        ? { ...story, status: 'Ready for Review', percent: 100 }
        : story.id === '2.1'
          ? { ...story, status: 'Failed', reason: 'agent timed out' }
          : story,
    );
    expect(renderProgressChanges({ previous: stories, current: next, time })).toEqual([
      '[12:03:04] 1.2 User Profile: In Progress 45% -> Ready for Review',
      '[12:03:04] 2.1 Dashboard Layout: Not Started -> Failed (agent timed out)',
    ]);
    expect(renderProgressChanges({ previous: next, current: next, time })).toEqual([]);
  });
});

describe('countTaskProgress', () => {
  it('counts ticked and open task boxes, nested and numbered, outside code blocks', () => {
    const markdown = [
      '## Tasks',
      '- [x] Task 1',
      '  - [X] Subtask 1.1',
      '  - [ ] Subtask 1.2',
      '* [ ] Task 2',
      '1. [x] Task 3',
      '- not a task [x]',
      '```md',
      '- [ ] example in a code block',
      '```',
      '-[x] not a list item',
    ].join('\n');
    expect(countTaskProgress(markdown)).toEqual({ done: 3, total: 5 });
    expect(taskPercent(countTaskProgress(markdown))).toBe(60);
    expect(taskPercent({ done: 0, total: 0 })).toBeUndefined();
  });
});

describe('terminalRedraw', () => {
  it('moves up over the previous frame and clears before drawing', () => {
    expect(terminalRedraw({ frame: 'a\nb' })).toBe('a\nb\n');
    expect(terminalRedraw({ previousFrame: 'a\nb\nc', frame: 'x' })).toBe('\u001b[3F\u001b[0Jx\n');
  });
});

describe('progressTotals', () => {
  it('always shows merged of total', () => {
    expect(progressTotals([])).toBe('0/0 merged');
  });
});
