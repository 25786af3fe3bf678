/**
 * Part 1, scheduling efficiency. One seeded random DAG, the sleep agent sleeping each story's work
 * time; for each P: (a) `nx run-many -t implement --parallel P` (no barrier), (b) the spec's wave
 * barrier (the reference scheduler below: one `nx run-many -t implement -p <wave> --parallel P` per
 * wave, the next wave started when the previous one has finished), (c) the lower bound
 * max(critical path, total work / P). Also the same two strategies simulated with no overhead,
 * to separate the scheduling policy from the cost of each story.
 */
import type { BenchOptions } from '../args';
import {
  criticalPathMs, listScheduleMs, lowerBoundMs, randomDag, totalWorkMs, waveGroups, waveScheduleMs, type BenchDag,
} from '../dag';
import { executed, type NxProfileTask } from '../profile';
import { mean, millis, ratio, seconds, table, verdict } from '../report';
import { projectName, runImplement, withStoryWorkspace, type StoryWorkspace } from '../story-workspace';

/** What one strategy measured at one P. */
interface Measured {
  wallMs: number;
  cpuMs?: number;
  /** Executor runs (cache hits excluded). */
  executedTasks: number;
  /** Mean over stories of (time its tasks held a slot) - (its work). */
  overheadMs?: number;
}

/** One strategy's inputs. */
interface Strategy {
  dag: BenchDag;
  parallel: number;
  options: BenchOptions;
}

function storyOverheadMs(dag: BenchDag, tasks: readonly NxProfileTask[]): number | undefined {
  const busy = new Map<string, number>();
  for (const task of tasks.filter(executed)) busy.set(task.project, (busy.get(task.project) ?? 0) + task.endMs - task.startMs);
  return mean(dag.stories.map((story) => (busy.get(projectName(story.id)) ?? 0) - story.workMs));
}

function checkAllStarted(args: { ws: StoryWorkspace; dag: BenchDag; what: string }): void {
  const { ws, dag, what } = args;
  const started = new Set(ws.starts().map((line) => line.split(' ')[0]));
  const missing = dag.stories.filter((story) => !started.has(story.id)).map((story) => story.id);
  if (missing.length > 0) throw new Error(`${what}: no agent started for ${missing.join(', ')}`);
}

/** (a): the whole DAG in one run, Nx's scheduler deciding. */
function noBarrier({ dag, parallel, options }: Strategy): Promise<Measured> {
  return withStoryWorkspace({ prefix: `bench-sched-a-p${parallel}-`, stories: dag.stories, keep: options.keep }, (ws) => {
    const run = runImplement(ws, { label: 'a', parallel });
    checkAllStarted({ ws, dag, what: `(a) P=${parallel}` });
    return { wallMs: run.result.ms, cpuMs: run.result.cpuMs, executedTasks: run.tasks.filter(executed).length, overheadMs: storyOverheadMs(dag, run.tasks) };
  });
}

/**
 * (b): the reference wave-barrier scheduler. Each wave is one `nx run-many` on exactly the wave's
 * projects; it returns only when all of them are done, and only then the next wave starts. Nx
 * still runs the earlier waves' `run`/`review` tasks (not cacheable) as no-ops through `^merge`:
 * that is what a wave orchestrator on top of the same executors costs, and it is counted.
 */
function waveBarrier({ dag, parallel, options }: Strategy): Promise<Measured> {
  return withStoryWorkspace({ prefix: `bench-sched-b-p${parallel}-`, stories: dag.stories, keep: options.keep }, (ws) => {
    let wallMs = 0;
    let cpuMs: number | undefined = 0;
    let executedTasks = 0;
    for (const [index, wave] of waveGroups(dag).entries()) {
      const run = runImplement(ws, { label: `b-wave-${index}`, parallel, projects: wave.map((story) => projectName(story.id)) });
      wallMs += run.result.ms;
      cpuMs = cpuMs === undefined || run.result.cpuMs === undefined ? undefined : cpuMs + run.result.cpuMs;
      executedTasks += run.tasks.filter(executed).length;
    }
    checkAllStarted({ ws, dag, what: `(b) P=${parallel}` });
    return { wallMs, cpuMs, executedTasks };
  });
}

/** Runs part 1 and prints its figures. */
export async function runScheduling(options: BenchOptions): Promise<void> {
  const shape = options.scheduling;
  const dag = randomDag({ seed: options.seed, stories: shape.stories, epics: shape.epics, roots: shape.roots, minDependencies: 1, maxDependencies: 3, minWorkMs: shape.minWorkMs, maxWorkMs: shape.maxWorkMs });
  const groups = waveGroups(dag);
  const work = totalWorkMs(dag);
  console.log(`DAG: seed ${dag.seed}, ${dag.stories.length} stories in ${shape.epics} epics, ${groups.length} waves (${groups.map((group) => group.length).join('/')}), ` +
    `work ${seconds(work)} in all (${shape.minWorkMs}-${shape.maxWorkMs} ms each), critical path ${seconds(criticalPathMs(dag))}`);
  const rows: string[][] = [];
  const simulated: string[][] = [];
  const verdicts: string[] = [];
  for (const parallel of shape.parallel) {
    const bound = lowerBoundMs(dag, parallel);
    console.log(`P=${parallel}: (a) no barrier ...`);
    const a = await noBarrier({ dag, parallel, options });
    console.log(`P=${parallel}: (b) wave barrier, ${groups.length} nx runs ...`);
    const b = await waveBarrier({ dag, parallel, options });
    const overhead = a.overheadMs ?? 0;
    const boundWithOverhead = Math.max(criticalPathMs(dag, overhead), (work + overhead * dag.stories.length) / parallel);
    rows.push([
      String(parallel), seconds(bound), seconds(a.wallMs), seconds(b.wallMs), ratio(a.wallMs, bound), ratio(b.wallMs, a.wallMs),
      millis(a.overheadMs), ratio(a.wallMs, boundWithOverhead), seconds(a.cpuMs), seconds(b.cpuMs), String(a.executedTasks), String(b.executedTasks),
    ]);
    const idealA = listScheduleMs({ stories: dag.stories, parallel });
    const idealB = waveScheduleMs({ dag, parallel });
    const costlyA = listScheduleMs({ stories: dag.stories, parallel, overheadMs: overhead });
    const costlyB = waveScheduleMs({ dag, parallel, overheadMs: overhead });
    simulated.push([String(parallel), seconds(idealA), seconds(idealB), ratio(idealA, bound), ratio(idealB, idealA), ratio(costlyA, boundWithOverhead), ratio(costlyB, costlyA)]);
    if (parallel === 4) verdicts.push(`goal a/c <= 1.10 at P=4: ${ratio(a.wallMs, bound)} ${verdict(a.wallMs / bound <= 1.1)}`);
    verdicts.push(`goal b/a >= 1.25 at P=${parallel}: ${ratio(b.wallMs, a.wallMs)} ${verdict(b.wallMs / a.wallMs >= 1.25)}`);
  }
  console.log('\nMeasured (wall time; CPU = user+sys of nx and every process under it):');
  console.log(table(['P', 'c bound', 'a no-barrier', 'b waves', 'a/c', 'b/a', 'overhead/story', 'a/c(+ovh)', 'a CPU', 'b CPU', 'a tasks', 'b tasks'], rows));
  console.log('  overhead/story: mean over stories of (time its tasks held a slot - its work), from NX_PROFILE of (a).');
  console.log('  a/c(+ovh): a against the lower bound recomputed with that overhead added to every story (the policy alone).');
  console.log('  a/b tasks: executor runs (one per story and target that ran; cache hits not counted).');
  console.log('\nSimulated list scheduling on the same DAG (no process, no overhead; then with the measured overhead per story):');
  console.log(table(['P', 'a ideal', 'b ideal', 'a/c ideal', 'b/a ideal', 'a/c(+ovh) sim', 'b/a(+ovh) sim'], simulated));
  console.log('');
  for (const line of verdicts) console.log(line);
}
