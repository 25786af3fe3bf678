/**
 * Part 4, rerun: every story merged, `nx run-many -t implement` again. Wall time, CPU, executor
 * runs and agent starts (must be 0), with a warm Nx cache, a cold one (no `.nx`, state kept) and
 * a fresh clone (no `.nx`, no `.agent-orchestration`), twice each.
 *
 * The merged history is laid down by plain git with the plugin's own merge message (its built
 * `buildMergeMessage`, the hashes from its built `validateWorkspaceStories`), which is what git
 * history holds after a real run; `--real-history` (and `--full`) merges through the pipeline
 * instead and reports that first run too.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from '../args';
import { randomDag } from '../dag';
import { executed, profileTargets } from '../profile';
import { millis, ratio, seconds, table, verdict } from '../report';
import { rawGitStory } from '../raw-git';
import { benchPluginOptions } from '../stories';
import { runImplement, withStoryWorkspace, type ImplementRun, type StoryWorkspace } from '../story-workspace';
import { AGENTS_DIR, REPO_ROOT } from '../workspace';

interface PluginInternals {
  validateWorkspaceStories(args: { workspaceRoot: string; options: Record<string, unknown> }): Promise<{ graph: { storyHashes: Map<string, string>; byId: Map<string, { title: string; slug: string }> } }>;
  buildMergeMessage(args: { storyId: string; storyHash: string; title: string; branch: string; baseBranch: string }): string;
}

/** The built plugin's own hash and message code, so the history is exactly what the pipeline writes. */
function pluginInternals(): PluginInternals {
  const dist = join(REPO_ROOT, 'stories-plugin', 'dist');
  return {
    ...(require(join(dist, 'plugin', 'workspace-stories')) as Pick<PluginInternals, 'validateWorkspaceStories'>),
    ...(require(join(dist, 'git', 'merge-message')) as Pick<PluginInternals, 'buildMergeMessage'>),
  };
}

/** Merges every story (dependencies first) with plain git and the plugin's trailers. */
async function layDownHistory(ws: StoryWorkspace, storyIds: readonly string[]): Promise<void> {
  const plugin = pluginInternals();
  const options = benchPluginOptions({ agentsDir: AGENTS_DIR, startsLog: ws.startsLog });
  const { graph } = await plugin.validateWorkspaceStories({ workspaceRoot: ws.repo.path, options });
  for (const storyId of storyIds) {
    const story = graph.byId.get(storyId);
    const storyHash = graph.storyHashes.get(storyId);
    if (!story || !storyHash) throw new Error(`the plugin does not know story ${storyId}`);
    const message = plugin.buildMergeMessage({ storyId, storyHash, title: story.title, branch: `story/${storyId}-${story.slug}`, baseBranch: 'main' });
    rawGitStory({ repoPath: ws.repo.path, name: storyId, message });
  }
}

function forget(ws: StoryWorkspace, what: readonly string[]): void {
  for (const folder of what) rmSync(join(ws.repo.path, folder), { recursive: true, force: true });
}

/** Runs part 4 and prints its figures. */
export async function runRerun(options: BenchOptions): Promise<void> {
  const { stories: count, parallel, realHistory } = options.rerun;
  const dag = randomDag({ seed: options.seed, stories: count, epics: 5, roots: Math.max(1, Math.ceil(count / 10)), minDependencies: 1, maxDependencies: 3, minWorkMs: 0, maxWorkMs: 0 });
  console.log(`${count} stories (seeded DAG, 1-3 dependencies), nx run-many -t implement --parallel ${parallel}`);
  await withStoryWorkspace({ prefix: 'bench-rerun-', stories: dag.stories, keep: options.keep }, async (ws) => {
    if (realHistory) {
      const first = runImplement(ws, { label: 'first', parallel });
      console.log(`first run through the pipeline: ${seconds(first.result.ms)} wall, CPU ${seconds(first.result.cpuMs)}, ${ws.starts().length} agent starts`);
    } else {
      await layDownHistory(ws, dag.stories.map((story) => story.id));
      console.log(`history: ${count} merge commits laid down by plain git with the plugin's Story-Id/Story-Hash trailers`);
    }
    const startsBefore = ws.starts().length;
    const rows: string[][] = [];
    const colds: number[] = [];
    let agentStarts = 0;
    const measure = (label: string, run: ImplementRun) => {
      const starts = ws.starts().length - startsBefore - agentStarts;
      agentStarts += starts;
      rows.push([label, seconds(run.result.ms), seconds(run.result.cpuMs), String(run.tasks.filter(executed).length), String(run.tasks.length), String(starts), seconds(run.result.ms / count)]);
      console.log(`  ${label}: ${seconds(run.result.ms)} wall, CPU ${seconds(run.result.cpuMs)}, ${starts} agent starts`);
      return run.result.ms;
    };
    for (let round = 1; round <= options.rerun.rounds; round++) {
      forget(ws, ['.nx', '.agent-orchestration']);
      colds.push(measure(`fresh clone (no .nx, no state) #${round}`, runImplement(ws, { label: `fresh-${round}`, parallel })));
      measure(`warm cache #${round}`, runImplement(ws, { label: `warm-${round}`, parallel }));
      forget(ws, ['.nx']);
      colds.push(measure(`cold cache, state kept #${round}`, runImplement(ws, { label: `cold-${round}`, parallel })));
    }
    console.log(table(['rerun', 'wall', 'CPU', 'executor runs', 'tasks', 'agent starts', 'per story'], rows));
    const worstCold = Math.max(...colds);
    const per100 = (worstCold / count) * 100;
    console.log(`goal zero agent starts: ${agentStarts} ${verdict(agentStarts === 0)}`);
    console.log(`goal under 5 s for 100 stories with a cold cache: slowest cold rerun ${seconds(worstCold)} for ${count} stories` +
      `${count === 100 ? '' : ` (x${(100 / count).toFixed(1)} linear: about ${seconds(per100)} for 100)`} ${verdict(per100 < 5000)}`);
    if (!options.profile) return;
    const profiled = runImplement(ws, { label: 'profiled', parallel, probe: true });
    const profiles = profileTargets(profiled.probe ?? [], AGENTS_DIR, count);
    console.log('\nProfiled warm rerun (probe in every node process), per executor run:');
    console.log(table(
      ['target', 'runs', 'life', 'nx start-up', 'plugin load', 'plugin JS', 'git', 'git spawns', 'state writes'],
      profiles.map((p) => [p.target, String(p.tasks), millis(p.lifeMs), millis(p.startupMs), millis(p.pluginLoadMs), millis(p.restMs), millis(p.gitMs), p.gitSpawns.toFixed(1), p.stateWrites.toFixed(0)]),
    ));
    for (const p of profiles) console.log(`  git in ${p.target}: ${p.gitCommands.map(([command, n]) => `${command} ${n.toFixed(1)}`).join(', ')}`);
    const taskLife = profiles.reduce((sum, p) => sum + p.lifeMs * p.tasks, 0);
    console.log(`  ${profiles.reduce((sum, p) => sum + p.tasks, 0)} task processes lived ${seconds(taskLife)} in all (${ratio(taskLife, profiled.result.ms)} the wall time ${seconds(profiled.result.ms)} at --parallel ${parallel})`);
  });
}
