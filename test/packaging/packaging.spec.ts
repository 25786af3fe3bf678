/**
 * Packaging end to end (issue 7, contract section 1): `npm pack` of stories-plugin, installed with
 * `npm install` into a fresh git workspace in a temp folder outside this repository, next to that
 * workspace's own `nx` from the registry, once for the Nx this repository pins and once for the
 * latest Nx 24. There, with nothing from this checkout on the module path and every Node process
 * refused the network, `nx g nx-stories:init`, `nx show projects`, `nx graph --file` and
 * `nx run-many -t implement` on the offline agent that ships in the tarball must work, and so must
 * `npx stories`. Needs `npm run build` first and the npm registry (or a warm npm cache).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';
import { installConsumer, packPlugin, succeeded, type Consumer, type PackedPlugin } from './consumer';
import { CONSUMER_STORIES, consumerStoryFiles, withOfflineAgents } from './workspace-content';

/** The Nx of this repository (exact, from its package.json) and the newest Nx 24 on the registry. */
const NX_VERSIONS: string[] = [JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).devDependencies.nx, '24.0.6'];
/** Packages that would let a consumer load TypeScript; none may be installed. */
const TYPESCRIPT_LOADERS = ['typescript', 'ts-node', 'tsx', '@swc-node/register', '@swc/core', 'esbuild-register'];
const PROJECTS = CONSUMER_STORIES.map((story) => `story-${story.id}`).sort();

let scratch: TempDir;
let packed: PackedPlugin;

beforeAll(() => {
  scratch = tempDir('nx-stories-pack-');
  packed = packPlugin({ destination: scratch.path });
  console.log(`npm pack of stories-plugin: ${(packed.ms / 1000).toFixed(1)} s, ${packed.files.length} files`);
}, 120_000);
afterAll(() => scratch?.cleanup());

describe('npm pack of stories-plugin', () => {
  it('holds the compiled plugin, executors, generators, their schemas, the bin and the offline agents, and no TypeScript source or test file', () => {
    const manifest = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'stories-plugin', name), 'utf8'));
    const executors = Object.values(manifest('executors.json').executors) as { implementation: string; schema: string }[];
    const generators = Object.values(manifest('generators.json').generators) as { factory: string; schema: string }[];
    const relative = (path: string) => path.replace(/^\.\//, '');
    const required = [
      'package.json',
      'dist/index.js',
      'dist/index.d.ts',
      'executors.json',
      'generators.json',
      'bin/stories.js',
      'dist/cli/main.js',
      'tools/agents/offline-agent.js',
      'tools/agents/offline-reviewer.js',
      'tools/agents/story-sections.js',
      ...executors.flatMap((executor) => [`${relative(executor.implementation)}.js`, relative(executor.schema)]),
      ...generators.flatMap((generator) => [`${relative(generator.factory.split('#')[0])}.js`, relative(generator.schema)]),
    ];
    expect(required.filter((file) => !packed.files.includes(file))).toEqual([]);
    const leaked = packed.files.filter(
      (file) => (/\.ts$/.test(file) && !/\.d\.ts$/.test(file)) || /\.spec\.|__fixtures__|(^|\/)testing\//.test(file),
    );
    expect(leaked).toEqual([]);
  });
});

for (const nxVersion of NX_VERSIONS) {
  describe(`nx-stories from the tarball in a fresh workspace with nx@${nxVersion}`, () => {
    let consumer: Consumer;
    const figures: string[] = [];
    let started = 0;
    const timed = <T extends { ms: number }>(what: string, result: T): T => {
      figures.push(`${what} ${(result.ms / 1000).toFixed(1)} s`);
      return result;
    };

    beforeAll(() => {
      started = Date.now();
      consumer = installConsumer({ nxVersion, tarball: packed.tarball });
      timed('npm install', consumer.install);
    }, 300_000);
    afterAll(() => {
      consumer?.cleanup();
      console.log(`nx@${nxVersion} packaging: ${figures.join(', ')}; whole describe ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });

    it('installs the tarball beside its own nx, with no peer or engine complaint and nothing that could compile TypeScript', () => {
      expect(consumer.path.startsWith(REPO_ROOT)).toBe(false);
      expect(consumer.install.output).not.toMatch(/ERESOLVE|EBADENGINE|peer dep|unmet peer|npm error/i);
      // Resolved by a plain Node in the consumer, so only the consumer's own node_modules count.
      const probe = succeeded(
        consumer.run({
          command: process.execPath,
          args: [
            '-e',
            `const found = {};
             for (const name of ${JSON.stringify(['nx-stories', ...TYPESCRIPT_LOADERS])}) {
               try { found[name] = require('fs').realpathSync(require.resolve(name)); } catch { found[name] = null; }
             }
             found.nxVersion = require('nx/package.json').version;
             console.log(JSON.stringify(found));
             require('net').connect(443, 'registry.npmjs.org').on('error', () => {});`,
          ],
        }),
        'resolving packages in the consumer',
      );
      // The guard is live: the probe's own connection attempt was refused and recorded.
      expect(consumer.takeNetworkAttempts()).toEqual([expect.stringMatching(/-> registry\.npmjs\.org:443$/)]);
      const found = JSON.parse(probe.stdout) as Record<string, string | null>;
      expect(found.nxVersion).toBe(nxVersion);
      expect(found['nx-stories']).toBe(join(consumer.path, 'node_modules/nx-stories/dist/index.js'));
      expect(TYPESCRIPT_LOADERS.filter((name) => found[name] !== null)).toEqual([]);
      for (const script of ['offline-agent.js', 'offline-reviewer.js', 'story-sections.js']) {
        expect(existsSync(join(consumer.path, 'node_modules/nx-stories/tools/agents', script))).toBe(true);
      }
    });

    it('nx g nx-stories:init registers the plugin; nx show projects and nx graph list the stories and their dependency', () => {
      timed('nx g init', succeeded(consumer.nx(['g', 'nx-stories:init', '--no-interactive']), 'nx g nx-stories:init'));
      const initialized = JSON.parse(readFileSync(join(consumer.path, 'nx.json'), 'utf8'));
      expect(initialized.plugins).toEqual([expect.objectContaining({ plugin: 'nx-stories' })]);
      expect(readFileSync(join(consumer.path, '.gitignore'), 'utf8')).toMatch(/^\.worktrees\/$[\s\S]*^\.agent-orchestration\/$/m);
      consumer.commit('stories run by the offline agent', {
        'nx.json': JSON.stringify(withOfflineAgents({ nxJson: initialized, env: consumer.guardEnv }), null, 2) + '\n',
        ...consumerStoryFiles(),
      });

      const projects = timed('nx show projects', succeeded(consumer.nx(['show', 'projects', '--json']), 'nx show projects'));
      expect(JSON.parse(projects.stdout).sort()).toEqual(PROJECTS);
      expect(projects.stderr).toBe('');

      const graph = timed('nx graph', succeeded(consumer.nx(['graph', '--file=graph.json']), 'nx graph --file=graph.json'));
      expect(graph.stderr).toBe('');
      const { nodes, dependencies } = JSON.parse(readFileSync(join(consumer.path, 'graph.json'), 'utf8')).graph;
      expect(Object.keys(nodes).sort()).toEqual(PROJECTS);
      expect(dependencies['story-1.2']).toEqual([{ source: 'story-1.2', target: 'story-1.1', type: 'implicit' }]);
      expect(dependencies['story-2.1']).toEqual([]);
      expect(consumer.takeNetworkAttempts()).toEqual([]);
    });

    it('nx run-many -t implement merges every story with the agent and reviewer shipped in the package, without the network', () => {
      const run = timed('nx run-many -t implement', consumer.nx(['run-many', '-t', 'implement', '--parallel', '2']));
      succeeded(run, 'nx run-many -t implement');
      const merged = consumer.git('log', '--merges', '--first-parent', '--reverse', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean);
      expect([...merged].sort()).toEqual(CONSUMER_STORIES.map((story) => story.id));
      expect(merged.indexOf('1.1')).toBeLessThan(merged.indexOf('1.2'));
      for (const story of CONSUMER_STORIES) {
        expect(() => consumer.git('cat-file', '-e', `main:${story.output}`)).not.toThrow();
        const record = JSON.parse(readFileSync(join(consumer.path, `.agent-orchestration/story-${story.id}.json`), 'utf8'));
        expect(record).toMatchObject({ storyId: story.id, status: 'Merged' });
      }
      // The agent that ran is the installed copy's, not this checkout's.
      const logs = join(consumer.path, '.agent-orchestration/logs/1.1');
      const agentLog = readdirSync(logs).find((name) => /^implement-\d+\.log$/.test(name));
      expect(agentLog && readFileSync(join(logs, agentLog), 'utf8')).toContain(join(consumer.path, 'node_modules/nx-stories/tools/agents/offline-agent.js'));
      expect(consumer.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(consumer.takeNetworkAttempts()).toEqual([]);
    }, 240_000);

    it('npx stories runs the bin of the package: --help and validate', () => {
      const help = timed('npx stories --help', succeeded(consumer.run({ command: 'npx', args: ['--no-install', 'stories', '--help'] }), 'npx stories --help'));
      expect(help.stdout).toMatch(/^Usage: stories /);
      expect(help.stdout).toContain('implement');
      const validate = timed('npx stories validate', succeeded(consumer.run({ command: 'npx', args: ['--no-install', 'stories', 'validate'] }), 'npx stories validate'));
      expect(validate.stdout).toContain('3 stories, 1 dependency');
      expect(consumer.takeNetworkAttempts()).toEqual([]);
    });
  });
}
