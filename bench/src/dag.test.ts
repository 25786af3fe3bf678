/**
 * The pure scheduling arithmetic of the benchmark (node's test runner: `node --test bench/dist/`;
 * jest's roots do not include bench/). No timing anywhere.
 */
import { deepStrictEqual, strictEqual, throws } from 'node:assert';
import { describe, it } from 'node:test';
import { parseArgs, UsageError } from './args';
import { criticalPathMs, listScheduleMs, lowerBoundMs, randomDag, totalWorkMs, waveGroups, waveScheduleMs, type BenchDag } from './dag';
import type { ProbeRecord } from './probe';
import { profileTargets } from './profile';
import { ratio, table } from './report';

const shape = { seed: 7, stories: 40, epics: 4, roots: 4, minDependencies: 1, maxDependencies: 3, minWorkMs: 500, maxWorkMs: 3000 };

/** 1.1 (1000) -> 1.2 (2000) and 1.3 (500), 1.4 (500) on both. */
const diamond: BenchDag = {
  seed: 0,
  stories: [
    { id: '1.1', epic: 1, dependencies: [], workMs: 1000 },
    { id: '1.2', epic: 1, dependencies: ['1.1'], workMs: 2000 },
    { id: '1.3', epic: 1, dependencies: ['1.1'], workMs: 500 },
    { id: '1.4', epic: 1, dependencies: ['1.2', '1.3'], workMs: 500 },
  ],
};

describe('randomDag', () => {
  it('is the same DAG for the same seed and another for another seed', () => {
    deepStrictEqual(randomDag(shape), randomDag(shape));
    strictEqual(JSON.stringify(randomDag(shape)) === JSON.stringify(randomDag({ ...shape, seed: 8 })), false);
  });

  it('gives roots no dependency and every other story 1-3 distinct earlier ones, work in range, ids epic.n', () => {
    const dag = randomDag(shape);
    const seen = new Set<string>();
    for (const [index, story] of dag.stories.entries()) {
      const expected = index < shape.roots ? [0, 0] : [1, 3];
      strictEqual(story.dependencies.length >= expected[0] && story.dependencies.length <= expected[1], true, `${story.id} has ${story.dependencies.length}`);
      strictEqual(new Set(story.dependencies).size, story.dependencies.length);
      for (const dependency of story.dependencies) strictEqual(seen.has(dependency), true, `${story.id} depends on later ${dependency}`);
      strictEqual(story.workMs >= 500 && story.workMs <= 3000, true);
      strictEqual(story.id, `${story.epic}.${(index % 10) + 1}`);
      seen.add(story.id);
    }
  });
});

describe('scheduling arithmetic', () => {
  it('computes waves, critical path, total work and the lower bound of a diamond', () => {
    deepStrictEqual(waveGroups(diamond).map((group) => group.map((story) => story.id)), [['1.1'], ['1.2', '1.3'], ['1.4']]);
    strictEqual(criticalPathMs(diamond), 3500);
    strictEqual(criticalPathMs(diamond, 100), 3800);
    strictEqual(totalWorkMs(diamond), 4000);
    strictEqual(lowerBoundMs(diamond, 1), 4000);
    strictEqual(lowerBoundMs(diamond, 2), 3500);
  });

  it('list-schedules without a barrier and with one', () => {
    strictEqual(listScheduleMs({ stories: diamond.stories, parallel: 1 }), 4000);
    strictEqual(listScheduleMs({ stories: diamond.stories, parallel: 2 }), 3500);
    strictEqual(waveScheduleMs({ dag: diamond, parallel: 2 }), 3500);
    // A short chain next to a long story: the barrier makes 1.3 wait for 1.2.
    const skewed: BenchDag = {
      seed: 0,
      stories: [
        { id: '1.1', epic: 1, dependencies: [], workMs: 3000 },
        { id: '1.2', epic: 1, dependencies: [], workMs: 500 },
        { id: '1.3', epic: 1, dependencies: ['1.2'], workMs: 2500 },
      ],
    };
    strictEqual(listScheduleMs({ stories: skewed.stories, parallel: 2 }), 3000);
    strictEqual(waveScheduleMs({ dag: skewed, parallel: 2 }), 5500);
  });

  it('never beats the lower bound on random DAGs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const dag = randomDag({ ...shape, seed });
      for (const parallel of [1, 2, 4, 8]) {
        const bound = lowerBoundMs(dag, parallel);
        const noBarrier = listScheduleMs({ stories: dag.stories, parallel });
        strictEqual(noBarrier >= bound - 1e-9, true);
        strictEqual(waveScheduleMs({ dag, parallel }) >= bound - 1e-9, true);
      }
    }
  });
});

describe('parseArgs', () => {
  it('runs every part by default and one when named, with --full sizes', () => {
    deepStrictEqual(parseArgs([]).parts, ['scheduling', 'overhead', 'inference', 'rerun']);
    deepStrictEqual(parseArgs(['rerun']).parts, ['rerun']);
    strictEqual(parseArgs(['scheduling', '--full']).scheduling.stories, 60);
    deepStrictEqual(parseArgs(['--parallel', '2,4']).scheduling.parallel, [2, 4]);
    strictEqual(parseArgs(['--stories', '7']).rerun.stories, 7);
  });

  it('refuses unknown parts, unknown options and bad numbers', () => {
    throws(() => parseArgs(['speed']), UsageError);
    throws(() => parseArgs(['--fast']), UsageError);
    throws(() => parseArgs(['--stories', '0']), UsageError);
    throws(() => parseArgs(['--sizes', '5,x']), UsageError);
  });
});

describe('profileTargets', () => {
  it('averages per target and counts overlapping git calls once', () => {
    const record = (target: string, start: number): ProbeRecord => ({
      pid: start,
      ppid: 1,
      script: 'run-executor.js',
      taskTarget: target,
      startMs: start,
      executorLoadedMs: start + 100,
      executorReadyMs: start + 150,
      endMs: start + 1000,
      spawns: [
        { command: 'git', first: 'log', startMs: start + 200, endMs: start + 300, sync: false },
        { command: 'git', first: 'rev-parse', startMs: start + 250, endMs: start + 350, sync: false },
        { command: 'node', first: '/agents/sleep-agent.js', startMs: start + 400, endMs: start + 600, sync: false },
      ],
      stateWrites: 3,
      stateWriteMs: 10,
    });
    const [run] = profileTargets([record('run', 0), record('run', 5000), { ...record('x', 0), taskTarget: undefined }], '/agents');
    deepStrictEqual(
      { tasks: run.tasks, life: run.lifeMs, startup: run.startupMs, load: run.pluginLoadMs, git: run.gitMs, spawns: run.gitSpawns, agent: run.agentMs, rest: run.restMs },
      { tasks: 2, life: 1000, startup: 100, load: 50, git: 150, spawns: 2, agent: 200, rest: 490 },
    );
    deepStrictEqual(run.gitCommands, [['log', 1], ['rev-parse', 1]]);
  });
});

describe('report', () => {
  it('formats ratios and aligns tables', () => {
    strictEqual(ratio(3, 2), '1.50x');
    strictEqual(ratio(1, 0), 'n/a');
    strictEqual(table(['a', 'bb'], [['x', '1.5 s']]), 'a  bb\n-  -----\nx  1.5 s');
  });
});
