/**
 * The arithmetic behind the report's timeline: phase intervals, their parallel slots, the idle
 * time between them, and the critical path through the dependency graph. Times are epoch ms.
 */
import { compareStoryIds } from '../stories/ids';
import { parseTime } from './format';
import type { ReportStory } from './types';

/** One phase of one story on the time axis. */
export interface PhaseInterval {
  storyId: string;
  phase: string;
  start: number;
  end: number;
  /** The phase had not ended when the report was made. */
  running: boolean;
}

/** A phase interval placed on a slot row (0-based). */
export interface PlacedInterval extends PhaseInterval {
  slot: number;
}

/** A stretch of a slot with nothing on it. */
export interface IdleGap {
  slot: number;
  start: number;
  end: number;
}

/** The longest chain of dependent stories by elapsed time, first dependency first. */
export interface CriticalPath {
  ids: string[];
  /** Sum of the chain's stories' elapsed times (first phase start to last phase end). */
  elapsedMs: number;
}

/** Every phase with readable times; running phases end at `now`, unreadable ones are left out. */
export function phaseIntervals(stories: readonly ReportStory[], now: number): PhaseInterval[] {
  const intervals: PhaseInterval[] = [];
  for (const story of stories) {
    for (const phase of story.phases) {
      const start = parseTime(phase.start);
      if (start === undefined) continue;
      const end = parseTime(phase.end);
      intervals.push({ storyId: story.id, phase: phase.phase, start, end: Math.max(start, end ?? now), running: end === undefined });
    }
  }
  return intervals;
}

/**
 * Puts each interval on the lowest slot that is free when it starts (as a task runner hands a
 * task to the first free worker), in order of start time, lower ids first on a tie. Touching
 * intervals share a slot.
 */
export function assignSlots(intervals: readonly PhaseInterval[]): PlacedInterval[] {
  const ordered = [...intervals].sort((a, b) => a.start - b.start || compareStoryIds(a.storyId, b.storyId) || a.end - b.end);
  const freeAt: number[] = [];
  return ordered.map((interval) => {
    let slot = freeAt.findIndex((time) => time <= interval.start);
    if (slot === -1) slot = freeAt.length;
    freeAt[slot] = interval.end;
    return { ...interval, slot };
  });
}

/**
 * The stretches of each slot between `from` and `to` not covered by an interval, at least
 * `minMs` long. Slots up to `slots` are included even when nothing ran on them.
 */
export function idleGaps(args: { placed: readonly PlacedInterval[]; slots: number; from: number; to: number; minMs?: number }): IdleGap[] {
  const minMs = args.minMs ?? 0;
  const gaps: IdleGap[] = [];
  for (let slot = 0; slot < args.slots; slot += 1) {
    const busy = args.placed.filter((interval) => interval.slot === slot).sort((a, b) => a.start - b.start);
    let cursor = args.from;
    for (const interval of [...busy, { start: args.to, end: args.to }]) {
      if (interval.start - cursor >= Math.max(minMs, 1)) gaps.push({ slot, start: cursor, end: interval.start });
      cursor = Math.max(cursor, interval.end);
    }
  }
  return gaps;
}

/**
 * The chain through the dependency graph whose stories took longest in sum. A story's weight is
 * its span from first phase start to last phase end; stories that did not run weigh nothing and
 * are left out of the chain. Ties go to the chain that ends later, then to lower ids.
 */
export function criticalPath(args: { stories: readonly Pick<ReportStory, 'id' | 'dependencies'>[]; intervals: readonly PhaseInterval[] }): CriticalPath {
  const span = new Map<string, { start: number; end: number }>();
  for (const interval of args.intervals) {
    const known = span.get(interval.storyId);
    span.set(interval.storyId, known ? { start: Math.min(known.start, interval.start), end: Math.max(known.end, interval.end) } : { start: interval.start, end: interval.end });
  }
  const weight = (id: string): number => {
    const time = span.get(id);
    return time ? time.end - time.start : 0;
  };
  const dependenciesOf = new Map(args.stories.map((story) => [story.id, story.dependencies]));
  const best = new Map<string, { total: number; previous?: string }>();
  const visit = (id: string, visiting: Set<string>): number => {
    const known = best.get(id);
    if (known) return known.total;
    visiting.add(id);
    let chosen: { total: number; previous?: string } = { total: 0 };
    for (const dependency of [...(dependenciesOf.get(id) ?? [])].sort(compareStoryIds)) {
      if (!dependenciesOf.has(dependency) || visiting.has(dependency)) continue; // cycles: the graph validator's error
      const total = visit(dependency, visiting);
      if (chosen.previous === undefined || total > chosen.total || (total === chosen.total && endOf(span, dependency) > endOf(span, chosen.previous))) {
        chosen = { total, previous: dependency };
      }
    }
    visiting.delete(id);
    const result = { total: chosen.total + weight(id), previous: chosen.previous };
    best.set(id, result);
    return result.total;
  };
  let last: string | undefined;
  for (const story of [...args.stories].sort((a, b) => compareStoryIds(a.id, b.id))) {
    const total = visit(story.id, new Set());
    const lastTotal = last === undefined ? -1 : (best.get(last)?.total ?? 0);
    if (total > lastTotal || (total === lastTotal && last !== undefined && endOf(span, story.id) > endOf(span, last))) last = story.id;
  }
  const chain: string[] = [];
  for (let id = last; id !== undefined && !chain.includes(id); id = best.get(id)?.previous) chain.unshift(id);
  const ids = chain.filter((id) => weight(id) > 0);
  return { ids, elapsedMs: ids.reduce((sum, id) => sum + weight(id), 0) };
}

function endOf(span: ReadonlyMap<string, { end: number }>, id: string): number {
  return span.get(id)?.end ?? -Infinity;
}
