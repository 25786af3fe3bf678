/**
 * Seeded random story DAGs and the scheduling arithmetic the benchmark compares against: waves,
 * critical path, the lower bound max(critical path, total work / P), and two list-scheduling
 * simulations (no barrier, wave barrier). Pure: no disk, no processes, no clock.
 */

/** One story of a generated DAG, in topological order (dependencies come earlier). */
export interface BenchStory {
  id: string;
  epic: number;
  /** Ids of the stories it depends on. */
  dependencies: string[];
  /** What the agent sleeps for this story, in milliseconds. */
  workMs: number;
}

/** A generated DAG; `stories` is in topological order. */
export interface BenchDag {
  seed: number;
  stories: BenchStory[];
}

/** A deterministic pseudo-random source in [0, 1) (mulberry32), so one seed gives one DAG everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What {@link randomDag} builds. */
export interface DagShape {
  seed: number;
  stories: number;
  epics: number;
  /** How many of the first stories have no dependency (the rest have minDependencies..maxDependencies). */
  roots: number;
  minDependencies: number;
  maxDependencies: number;
  minWorkMs: number;
  maxWorkMs: number;
}

/**
 * A random DAG: stories split evenly over epics 1..`epics` (ids `epic.n`, so no foundation
 * dependencies), the first `roots` without dependencies, every other one with 1-3 distinct
 * dependencies drawn uniformly among the stories before it, and a uniform work time.
 */
export function randomDag(shape: DagShape): BenchDag {
  const random = seededRandom(shape.seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const perEpic = Math.ceil(shape.stories / shape.epics);
  const stories: BenchStory[] = [];
  for (let index = 0; index < shape.stories; index++) {
    const epic = Math.floor(index / perEpic) + 1;
    const id = `${epic}.${(index % perEpic) + 1}`;
    const wanted = index < shape.roots ? 0 : Math.min(index, between(shape.minDependencies, shape.maxDependencies));
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(Math.floor(random() * index));
    const workMs = Math.round(between(shape.minWorkMs, shape.maxWorkMs) / 10) * 10;
    stories.push({ id, epic, dependencies: [...chosen].sort((a, b) => a - b).map((at) => stories[at].id), workMs });
  }
  return { seed: shape.seed, stories };
}

/** Wave of each story: 0 without dependencies, else one more than its latest dependency's. */
export function waves(dag: BenchDag): Map<string, number> {
  const wave = new Map<string, number>();
  for (const story of dag.stories) wave.set(story.id, story.dependencies.reduce((most, id) => Math.max(most, (wave.get(id) as number) + 1), 0));
  return wave;
}

/** The stories of each wave, wave 0 first. */
export function waveGroups(dag: BenchDag): BenchStory[][] {
  const wave = waves(dag);
  const groups: BenchStory[][] = [];
  for (const story of dag.stories) (groups[wave.get(story.id) as number] ??= []).push(story);
  return groups;
}

/** The longest chain of work through the DAG (ms), with each story costing `workMs + overheadMs`. */
export function criticalPathMs(dag: BenchDag, overheadMs = 0): number {
  const finish = new Map<string, number>();
  let longest = 0;
  for (const story of dag.stories) {
    const start = story.dependencies.reduce((latest, id) => Math.max(latest, finish.get(id) as number), 0);
    const end = start + story.workMs + overheadMs;
    finish.set(story.id, end);
    longest = Math.max(longest, end);
  }
  return longest;
}

/** Sum of all work (ms). */
export function totalWorkMs(dag: BenchDag): number {
  return dag.stories.reduce((sum, story) => sum + story.workMs, 0);
}

/** No schedule on `parallel` workers can finish sooner: max(critical path, total work / P). */
export function lowerBoundMs(dag: BenchDag, parallel: number): number {
  return Math.max(criticalPathMs(dag), totalWorkMs(dag) / parallel);
}

/**
 * Greedy list scheduling on `parallel` workers: whenever a worker is free, start the ready story
 * (all dependencies finished) that comes first in topological order. Returns the makespan (ms).
 * This is what a barrier-free task runner does; each story costs `workMs + overheadMs`.
 */
export function listScheduleMs(args: { stories: readonly BenchStory[]; parallel: number; overheadMs?: number; finished?: ReadonlySet<string> }): number {
  const { stories, parallel } = args;
  const overhead = args.overheadMs ?? 0;
  const inScope = new Set(stories.map((story) => story.id));
  const done = new Set(args.finished ?? []);
  const running: { id: string; end: number }[] = [];
  const waiting = [...stories];
  let now = 0;
  while (waiting.length > 0 || running.length > 0) {
    for (let index = 0; index < waiting.length && running.length < parallel; ) {
      const story = waiting[index];
      if (story.dependencies.every((id) => done.has(id) || !inScope.has(id))) {
        running.push({ id: story.id, end: now + story.workMs + overhead });
        waiting.splice(index, 1);
      } else index++;
    }
    if (running.length === 0) throw new Error('list scheduling is stuck: a dependency is neither in scope nor finished');
    running.sort((a, b) => a.end - b.end);
    const next = running.shift() as { id: string; end: number };
    now = next.end;
    done.add(next.id);
  }
  return now;
}

/** The spec's wave barrier on `parallel` workers: each wave list-scheduled, the next one started only when it is all done. */
export function waveScheduleMs(args: { dag: BenchDag; parallel: number; overheadMs?: number }): number {
  return waveGroups(args.dag).reduce((sum, group) => sum + listScheduleMs({ stories: group, parallel: args.parallel, overheadMs: args.overheadMs }), 0);
}
