import { assignSlots, criticalPath, idleGaps, phaseIntervals, type PhaseInterval } from './timeline';
import type { ReportStory } from './types';

const interval = (storyId: string, phase: string, start: number, end: number): PhaseInterval => ({ storyId, phase, start, end, running: false });

describe('assignSlots', () => {
  it('puts each phase on the lowest slot free when it starts', () => {
    const placed = assignSlots([
      interval('1.1', 'run', 0, 10),
      interval('1.2', 'run', 0, 8),
      interval('1.3', 'run', 2, 5),
      interval('1.2', 'review', 8, 11),
      interval('1.3', 'review', 5, 6),
      interval('1.1', 'review', 10, 12),
    ]);
    expect(placed.map((p) => `${p.storyId}/${p.phase}@${p.slot}`)).toEqual([
      '1.1/run@0',
      '1.2/run@1',
      '1.3/run@2',
      '1.3/review@2',
      '1.2/review@1',
      '1.1/review@0',
    ]);
  });

  it('reuses a slot when one phase ends as the next starts, and falls back to the lowest free one', () => {
    const placed = assignSlots([interval('1.1', 'run', 0, 5), interval('1.2', 'run', 1, 3), interval('1.3', 'run', 5, 6), interval('1.4', 'run', 4, 7)]);
    expect(placed.map((p) => [p.storyId, p.slot])).toEqual([
      ['1.1', 0],
      ['1.2', 1],
      ['1.4', 1],
      ['1.3', 0],
    ]);
  });
});

describe('idleGaps', () => {
  it('finds the empty stretches of every slot, including slots that never ran anything', () => {
    const placed = assignSlots([interval('1.1', 'run', 0, 4), interval('1.2', 'run', 0, 2), interval('1.1', 'review', 6, 10), interval('1.2', 'merge', 3, 4)]);
    expect(idleGaps({ placed, slots: 3, from: 0, to: 10 })).toEqual([
      { slot: 0, start: 4, end: 6 },
      { slot: 1, start: 2, end: 3 },
      { slot: 1, start: 4, end: 10 },
      { slot: 2, start: 0, end: 10 },
    ]);
    expect(idleGaps({ placed, slots: 2, from: 0, to: 10, minMs: 3 })).toEqual([{ slot: 1, start: 4, end: 10 }]);
  });
});

describe('criticalPath', () => {
  // 0.1 -> 1.1 -> 2.1 and 0.1 -> 1.2 -> 2.1; 1.2 is the slower branch, 3.1 ran alone.
  const stories = [
    { id: '0.1', dependencies: [] },
    { id: '1.1', dependencies: ['0.1'] },
    { id: '1.2', dependencies: ['0.1'] },
    { id: '2.1', dependencies: ['1.1', '1.2'] },
    { id: '3.1', dependencies: [] },
    { id: '3.2', dependencies: ['3.1'] },
  ];

  it('follows the longest chain by elapsed time', () => {
    const intervals = [
      interval('0.1', 'run', 0, 3),
      interval('0.1', 'merge', 3, 4),
      interval('1.1', 'run', 4, 6),
      interval('1.2', 'run', 4, 9),
      interval('2.1', 'run', 9, 12),
      interval('3.1', 'run', 0, 10),
    ];
    expect(criticalPath({ stories, intervals })).toEqual({ ids: ['0.1', '1.2', '2.1'], elapsedMs: 12 });
  });

  it('prefers a long single story over a short chain, and leaves out stories that did not run', () => {
    const intervals = [interval('0.1', 'run', 0, 1), interval('1.2', 'run', 1, 2), interval('3.1', 'run', 0, 20)];
    expect(criticalPath({ stories, intervals })).toEqual({ ids: ['3.1'], elapsedMs: 20 });
  });

  it('is empty when nothing ran, and survives a cycle', () => {
    expect(criticalPath({ stories, intervals: [] })).toEqual({ ids: [], elapsedMs: 0 });
    const cyclic = [
      { id: '1.1', dependencies: ['1.2'] },
      { id: '1.2', dependencies: ['1.1'] },
    ];
    const path = criticalPath({ stories: cyclic, intervals: [interval('1.1', 'run', 0, 1), interval('1.2', 'run', 1, 3)] });
    expect([...path.ids].sort()).toEqual(['1.1', '1.2']);
  });
});

describe('phaseIntervals', () => {
  it('reads ISO times, ends running phases now and drops unreadable ones', () => {
    const story: ReportStory = {
      id: '1.1',
      title: 'A',
      status: 'In Progress',
      wave: 1,
      dependencies: [],
      phases: [
        { phase: 'run', start: '2024-05-01T12:00:00.000Z', end: '2024-05-01T12:01:00.000Z' },
        { phase: 'review', start: '2024-05-01T12:01:00.000Z' },
        { phase: 'merge', start: 'soon' },
      ],
    };
    const now = Date.parse('2024-05-01T12:05:00.000Z');
    expect(phaseIntervals([story], now)).toEqual([
      { storyId: '1.1', phase: 'run', start: Date.parse('2024-05-01T12:00:00.000Z'), end: Date.parse('2024-05-01T12:01:00.000Z'), running: false },
      { storyId: '1.1', phase: 'review', start: Date.parse('2024-05-01T12:01:00.000Z'), end: now, running: true },
    ]);
  });
});
