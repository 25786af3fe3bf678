/**
 * Part 3, inference at scale: `nx show projects` (daemon off) on N stories against Nx inferring N
 * `package.json` projects (npm workspaces, the same dependency graph as `dependencies`), for each
 * N, cold (no `.nx` folder) and warm (right after), in the same run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from '../args';
import { randomDag, type BenchDag } from '../dag';
import { ratio, seconds, table, verdict } from '../report';
import { benchPluginOptions, storyFiles } from '../stories';
import { AGENTS_DIR, assertOk, benchRepo, type BenchRepo, type Timed } from '../workspace';

/** Lines of acceptance criteria and tasks per story: about 2.5 KB, a typical BMAD story. */
const STORY_BODY_LINES = 30;

function packageFiles(dag: BenchDag): Record<string, string> {
  const name = (id: string) => `p-${id.replace('.', '-')}`;
  return Object.fromEntries(
    dag.stories.map((story) => [
      `packages/${name(story.id)}/package.json`,
      JSON.stringify({
        name: name(story.id),
        version: '1.0.0',
        scripts: { build: 'node build.js' },
        dependencies: Object.fromEntries(story.dependencies.map((id) => [name(id), '1.0.0'])),
      }, null, 2) + '\n',
    ]),
  );
}

/** Cold and warm `nx show projects --json`, `rounds` times; checks the project count. */
function measure({ repo, expected, rounds }: { repo: BenchRepo; expected: number; rounds: number }): { cold: Timed[]; warm: Timed[] } {
  const cold: Timed[] = [];
  const warm: Timed[] = [];
  const show = (label: string) => {
    const result = assertOk(repo.nx(['show', 'projects', '--json']), `nx show projects (${label})`);
    const count = (JSON.parse(result.stdout) as string[]).length;
    if (count < expected) throw new Error(`nx show projects listed ${count} projects, expected ${expected}`);
    return result;
  };
  for (let round = 0; round < rounds; round++) {
    rmSync(join(repo.path, '.nx'), { recursive: true, force: true });
    cold.push(show('cold'));
    warm.push(show('warm'));
  }
  return { cold, warm };
}

/**
 * The perf marks worth printing from a warm `NX_PERF_LOGGING=true` run. Plugins run in-process
 * (`NX_ISOLATE_PLUGINS=false`) for it: isolated plugins report no per-plugin createNodes time.
 */
function perfMarks(repo: BenchRepo): string {
  const result = repo.nx(['show', 'projects'], { NX_PERF_LOGGING: 'true', NX_ISOLATE_PLUGINS: 'false' });
  const marks = new Map<string, number>();
  for (const match of `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/Time taken for '([^']+)' ([\d.]+)ms/g)) {
    marks.set(match[1], Number(match[2]));
  }
  const wanted = [...marks.entries()].filter(([name]) => /^createProjectGraphAsync$|^nx-stories:createNodes$|^nx\/core\/package-json:createNodes$|^nx\/js\/dependencies-and-lockfile:create(Nodes|Dependencies)$/.test(name));
  return `in-process plugins, wall ${seconds(result.ms)}: ${wanted.map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join('; ')}`;
}

/** The faster of the rounds: on a shared machine the slower one mostly measures other people's load. */
const best = (values: readonly Timed[]) => Math.min(...values.map((value) => value.ms));

/** Runs part 3 and prints its figures. */
export function runInference(options: BenchOptions): void {
  console.log(`stories of about 2.5 KB with 1-3 dependencies; the package.json projects have the same dependencies; nx show projects --json, NX_DAEMON=false`);
  const rows: string[][] = [];
  const first: { stories?: number; packages?: number } = {};
  let last: { n: number; cold: number; warm: number; cpuCold?: number; cpuWarm?: number } | undefined;
  for (const n of options.inference.sizes) {
    const dag = randomDag({ seed: options.seed, stories: n, epics: Math.max(5, Math.ceil(n / 100)), roots: Math.max(1, Math.ceil(n / 20)), minDependencies: 1, maxDependencies: 3, minWorkMs: 0, maxWorkMs: 0 });
    console.log(`N=${n}: laying out both workspaces ...`);
    const stories = benchRepo({ prefix: `bench-infer-stories-${n}-`, files: storyFiles(dag.stories, STORY_BODY_LINES), nxPlugin: benchPluginOptions({ agentsDir: AGENTS_DIR, startsLog: '/dev/null' }) });
    const packages = benchRepo({ prefix: `bench-infer-packages-${n}-`, files: packageFiles(dag), packageWorkspaces: ['packages/*'] });
    try {
      const s = measure({ repo: stories, expected: n, rounds: options.inference.rounds });
      const p = measure({ repo: packages, expected: n, rounds: options.inference.rounds });
      const coldRatio = best(s.cold) / best(p.cold);
      const warmRatio = best(s.warm) / best(p.warm);
      first.stories ??= best(s.warm);
      first.packages ??= best(p.warm);
      rows.push([
        String(n),
        s.cold.map((t) => seconds(t.ms)).join(' / '), p.cold.map((t) => seconds(t.ms)).join(' / '), ratio(best(s.cold), best(p.cold)),
        s.warm.map((t) => seconds(t.ms)).join(' / '), p.warm.map((t) => seconds(t.ms)).join(' / '), ratio(best(s.warm), best(p.warm)),
        seconds(s.cold[0].cpuMs), seconds(p.cold[0].cpuMs), ratio(s.cold[0].cpuMs, p.cold[0].cpuMs),
        seconds(s.warm[0].cpuMs), seconds(p.warm[0].cpuMs), ratio(s.warm[0].cpuMs, p.warm[0].cpuMs),
        ratio(best(s.warm), first.stories), ratio(best(p.warm), first.packages),
      ]);
      if (options.profile) {
        console.log(`  stories  N=${n}: ${perfMarks(stories)}`);
        console.log(`  packages N=${n}: ${perfMarks(packages)}`);
      }
      const cpuRatio = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b);
      last = { n, cold: coldRatio, warm: warmRatio, cpuCold: cpuRatio(s.cold[0].cpuMs, p.cold[0].cpuMs), cpuWarm: cpuRatio(s.warm[0].cpuMs, p.warm[0].cpuMs) };
    } finally {
      if (options.keep) console.log(`  kept ${stories.path} and ${packages.path}`);
      else {
        stories.cleanup();
        packages.cleanup();
      }
    }
  }
  console.log(table([
    'N', 'stories cold', 'packages cold', 'ratio', 'stories warm', 'packages warm', 'ratio',
    'CPU cold s/p', '', 'ratio', 'CPU warm s/p', '', 'ratio', 'stories growth', 'packages growth',
  ], rows));
  console.log('  cold: no .nx folder (no workspace data, no parse cache); warm: the run right after. With several rounds, ratios of the faster round of each kind.');
  console.log('  CPU: user+sys of nx and its plugin workers (first round), the figure other people\'s load changes least.');
  console.log('  growth: warm time against the smallest N of the same kind.');
  if (!last) return;
  console.log(`goal <= 1.5x Nx's package.json inference at ${last.n}: wall cold ${last.cold.toFixed(2)}x ${verdict(last.cold <= 1.5)}, wall warm ${last.warm.toFixed(2)}x ${verdict(last.warm <= 1.5)}` +
    (last.cpuCold === undefined || last.cpuWarm === undefined ? '' : `; CPU cold ${last.cpuCold.toFixed(2)}x ${verdict(last.cpuCold <= 1.5)}, CPU warm ${last.cpuWarm.toFixed(2)}x ${verdict(last.cpuWarm <= 1.5)}`));
}
