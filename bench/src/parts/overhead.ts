/**
 * Part 2, orchestration overhead per story. A repository of 10,000 files, stories whose agent
 * returns at once (it writes one file): the whole pipeline per story (`nx run-many -t implement
 * --parallel 1`) against the raw git work a story needs (worktree add, commit, merge, worktree
 * remove), done by a plain script on the same repository in the same run. A profiled pass then
 * says where the rest goes: task processes, git spawns, agents, state writes.
 */
import type { BenchOptions } from '../args';
import type { BenchStory } from '../dag';
import { executed, profileTargets, type TargetProfile } from '../profile';
import { mean, millis, ratio, seconds, table, verdict } from '../report';
import { projectName, runImplement, withStoryWorkspace } from '../story-workspace';
import { storyFiles } from '../stories';
import { addPooledWorktree, pooledGitStory, rawGitStory, type RawStory } from '../raw-git';
import { AGENTS_DIR } from '../workspace';

/** `count` small source files in folders of 100 (`lib/d00/f0000.ts`). */
export function sourceFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const folder = String(Math.floor(index / 100)).padStart(3, '0');
    files[`lib/d${folder}/f${String(index).padStart(5, '0')}.ts`] = `export const value${index} = ${index};\n`;
  }
  return files;
}

function independentStories(epic: number, count: number): BenchStory[] {
  return Array.from({ length: count }, (_, index) => ({ id: `${epic}.${index + 1}`, epic, dependencies: [], workMs: 0 }));
}

function profileRows(profiles: readonly TargetProfile[]): string[][] {
  return profiles.map((p) => [
    p.target, String(p.tasks), millis(p.lifeMs), millis(p.startupMs), millis(p.pluginLoadMs), millis(p.restMs), millis(p.gitMs), p.gitSpawns.toFixed(1), millis(p.agentMs),
    p.stateWrites.toFixed(0), millis(p.stateWriteMs),
  ]);
}

/** Runs part 2 and prints its figures. */
export async function runOverhead(options: BenchOptions): Promise<void> {
  const { files, stories: count } = options.overhead;
  console.log(`repository: ${files} files + ${count} independent stories; agent returns at once (writes one file); reviewer approves at once`);
  await withStoryWorkspace({ prefix: 'bench-overhead-', stories: independentStories(1, count), extraFiles: sourceFiles(files), keep: options.keep }, (ws) => {
    const graph = ws.repo.nx(['show', 'projects']);
    // File creation on a shared VM drifts by 10x within minutes (see README): half of the raw
    // stories run before the pipeline and half after, so drift does not favour either side.
    const rawBefore = Math.ceil(count / 2);
    const raw = Array.from({ length: rawBefore }, (_, index) => rawGitStory({ repoPath: ws.repo.path, name: `r${index + 1}` }));
    const pipeline = runImplement(ws, { label: 'pipeline', parallel: 1 });
    if (ws.starts().length !== count) throw new Error(`expected ${count} agent starts, saw ${ws.starts().length}`);
    const taskMs = pipeline.tasks.filter(executed).reduce((sum, task) => sum + task.endMs - task.startMs, 0);
    const perStory = pipeline.result.ms / count;
    const perStoryTasks = taskMs / count;

    for (let index = rawBefore; index < count; index++) raw.push(rawGitStory({ repoPath: ws.repo.path, name: `r${index + 1}` }));
    const rawPerStory = mean(raw.map((story) => story.total)) as number;
    const rawStep = (key: keyof RawStory) => millis(mean(raw.map((story) => story[key])));
    const pool = addPooledWorktree(ws.repo.path);
    const pooled = Array.from({ length: count }, (_, index) => pooledGitStory({ repoPath: ws.repo.path, worktree: pool, name: `p${index + 1}` }));
    const pooledPerStory = mean(pooled.map((story) => story.total)) as number;
    const pooledStep = (key: keyof RawStory) => millis(mean(pooled.map((story) => story[key])));

    console.log(table(
      ['measure', 'per story', 'vs raw git'],
      [
        ['pipeline, wall of the nx run / stories', seconds(perStory), ratio(perStory, rawPerStory)],
        ['pipeline, its tasks only (NX_PROFILE)', seconds(perStoryTasks), ratio(perStoryTasks, rawPerStory)],
        ['raw git (plain script, same repository)', seconds(rawPerStory), '1.00x'],
        ['raw git in a reused worktree (switch -C)', seconds(pooledPerStory), ratio(pooledPerStory, rawPerStory)],
      ],
    ));
    console.log(`  raw git steps: worktree add ${rawStep('worktreeAdd')}, add+commit ${rawStep('commit')}, merge ${rawStep('merge')}, worktree remove + branch -D ${rawStep('worktreeRemove')}`);
    console.log(`  reused worktree: switch -C ${pooledStep('worktreeAdd')}, add+commit ${pooledStep('commit')}, merge ${pooledStep('merge')}, switch --detach + branch -D ${pooledStep('worktreeRemove')}`);
    console.log(`  nx run: wall ${seconds(pipeline.result.ms)}, CPU ${seconds(pipeline.result.cpuMs)} (${seconds(pipeline.result.cpuMs === undefined ? undefined : pipeline.result.cpuMs / count)} per story); ` +
      `nx show projects alone (graph, plugins): ${seconds(graph.ms)}`);
    console.log(`goal overhead <= 2x raw git: ${ratio(perStory, rawPerStory)} ${verdict(perStory <= 2 * rawPerStory)}`);
    console.log(`goal under 1 s per story at ${files} files: ${seconds(perStory)} ${verdict(perStory < 1000)}`);

    if (!options.profile) return;
    console.log('\nProfiled pass (probe in every node process; slower than the timed pass) on as many new stories:');
    const more = independentStories(2, count);
    ws.repo.write(storyFiles(more));
    ws.repo.commit('more stories');
    const profiled = runImplement(ws, { label: 'profiled', parallel: 1, probe: true, projects: more.map((story) => projectName(story.id)) });
    const profiles = profileTargets(profiled.probe ?? [], AGENTS_DIR, count);
    console.log(table(['target', 'tasks', 'life', 'nx start-up', 'plugin load', 'plugin JS', 'git', 'git spawns', 'agent', 'state writes', 'write ms'], profileRows(profiles)));
    console.log('  nx start-up: process start -> executor module required (node, nx run-executor, cached project graph).');
    console.log('  plugin load: requiring the executor and its imports; plugin JS: the rest (story graph validation, state store, lock waits).');
    const sum = (key: 'lifeMs' | 'startupMs' | 'pluginLoadMs' | 'restMs' | 'gitMs' | 'agentMs' | 'gitSpawns' | 'stateWrites' | 'stateWriteMs') => profiles.reduce((total, p) => total + p[key], 0);
    console.log(`per story: ${profiles.length} task processes, ${millis(sum('lifeMs'))} in them: nx start-up ${millis(sum('startupMs'))}, plugin load ${millis(sum('pluginLoadMs'))}, plugin JS ${millis(sum('restMs'))}, ` +
      `git ${millis(sum('gitMs'))} in ${sum('gitSpawns').toFixed(0)} spawns, agents ${millis(sum('agentMs'))}, state ${sum('stateWrites').toFixed(0)} writes ${millis(sum('stateWriteMs'))}; ` +
      `raw git needs 7 spawns, ${millis(rawPerStory)}`);
    for (const p of profiles) console.log(`  git in ${p.target}: ${p.gitCommands.map(([command, n]) => `${command} ${n.toFixed(1)}`).join(', ')}`);
    console.log(`  profiled run wall ${seconds(profiled.result.ms)} (${seconds(profiled.result.ms / count)} per story)`);
  });
}
