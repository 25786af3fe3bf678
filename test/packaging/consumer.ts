/**
 * The shell of the packaging test: `npm pack` of stories-plugin, and a consumer Nx workspace in a
 * temp folder outside this repository that installs the tarball and its own `nx` from the npm
 * registry, then runs nx, npx and git there with an environment that carries nothing over from
 * this checkout (no npm workspace settings, no NX_* variables) and refuses network access.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gitRepo, type GitRepo, TEST_GIT_ENV } from '../../stories-plugin/src/testing/git-repo';
import { REPO_ROOT } from '../../stories-plugin/src/testing/nx-workspace';

/** The plugin package folder that `npm pack` packs. */
export const PLUGIN_DIR = join(REPO_ROOT, 'stories-plugin');
const NETWORK_GUARD = resolve(__dirname, 'no-network.js');

/** One finished process: exit status, output and how long it took. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for failure messages. */
  output: string;
  ms: number;
}

/** The tarball `npm pack` wrote and the paths it holds (relative to the package root). */
export interface PackedPlugin {
  tarball: string;
  files: string[];
  ms: number;
}

/** A consumer Nx workspace: a git repository with `nx` and `nx-stories` installed from npm. */
export interface Consumer extends GitRepo {
  nxVersion: string;
  /** Wall time of `npm install`, and what it printed. */
  install: RunResult;
  /** Runs a program in the workspace with the consumer's environment (network refused for Node). */
  run(args: { command: string; args: string[]; env?: Record<string, string> }): RunResult;
  /** Runs the workspace's own `node_modules/.bin/nx`, daemon off. */
  nx(args: string[]): RunResult;
  /**
   * Variables that put a Node process under the network guard; the agents' environment is an
   * allow-list, so the test hands these to them through the agent configuration's `env`.
   */
  guardEnv: Record<string, string>;
  /** The connections to other machines that Node processes attempted since the last call (then forgotten). */
  takeNetworkAttempts(): string[];
}

/** npm settings that may come from the environment and still matter outside this repository. */
const KEPT_NPM_SETTINGS = new Set(['cache', 'userconfig', 'globalconfig', 'registry', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl']);

/**
 * The environment of every process in the consumer: this process's, minus what `npm run` and Nx
 * put there for this checkout (`npm_config_local_prefix` would send npm back here, `NX_*` would
 * point Nx at this workspace), with Nx quiet, local and deterministic.
 */
export function consumerEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === 'INIT_CWD' || /^NX_/i.test(key)) continue;
    const npmSetting = /^npm_config_(.+)$/i.exec(key)?.[1]?.toLowerCase();
    if (/^npm_/i.test(key) && !(npmSetting && KEPT_NPM_SETTINGS.has(npmSetting))) continue;
    kept[key] = value;
  }
  return { ...kept, ...TEST_GIT_ENV, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', NO_COLOR: '1' };
}

function run(args: { command: string; args: string[]; cwd: string; env: Record<string, string> }): RunResult {
  const start = Date.now();
  const result = spawnSync(args.command, args.args, { cwd: args.cwd, env: args.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const stdout = result.stdout ?? '';
  const stderr = (result.stderr ?? '') + (result.error ? `\n${result.error.message}` : '');
  return { status: result.status ?? 1, stdout, stderr, output: stdout + stderr, ms: Date.now() - start };
}

/** Throws with everything the process printed unless it exited 0. */
export function succeeded(result: RunResult, what: string): RunResult {
  if (result.status !== 0) throw new Error(`${what} failed with exit code ${result.status}:\n${result.output}`);
  return result;
}

/** Packs stories-plugin (as `npm publish` would) into `destination`; the build must exist. */
export function packPlugin(args: { destination: string }): PackedPlugin {
  if (!existsSync(join(PLUGIN_DIR, 'dist/index.js'))) throw new Error(`${PLUGIN_DIR}/dist is missing: run \`npm run build\` first`);
  mkdirSync(args.destination, { recursive: true });
  const result = succeeded(
    run({ command: 'npm', args: ['pack', '--json', '--pack-destination', args.destination], cwd: PLUGIN_DIR, env: consumerEnvironment() }),
    'npm pack',
  );
  const [packed] = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(args.destination, packed.filename), files: packed.files.map((file) => file.path).sort(), ms: result.ms };
}

/**
 * Creates a git repository in a temp folder whose package.json asks for exactly `nxVersion` of nx
 * and the packed plugin, and runs `npm install` there against the registry and the user's npm
 * cache (shared between runs and Nx versions, so a second install is fast). The lockfile is
 * committed; `node_modules` and Nx's cache are git-ignored.
 */
export function installConsumer(args: { nxVersion: string; tarball: string }): Consumer {
  const packageJson = { name: 'packaging-consumer', private: true, devDependencies: { nx: args.nxVersion, 'nx-stories': `file:${args.tarball}` } };
  const repo = gitRepo(
    { 'package.json': JSON.stringify(packageJson, null, 2) + '\n', '.gitignore': 'node_modules\n.nx\n' },
    `nx-stories-consumer-${args.nxVersion}-`,
  );
  const env = consumerEnvironment();
  const install = run({ command: 'npm', args: ['install', '--no-audit', '--no-fund', '--prefer-offline'], cwd: repo.path, env });
  if (install.status !== 0) {
    repo.cleanup();
    succeeded(install, `npm install of nx@${args.nxVersion} and ${args.tarball}`);
  }
  repo.commit('install nx and nx-stories');
  const networkLog = join(repo.path, 'node_modules/.network-attempts');
  // Quoted: NODE_OPTIONS splits on spaces, and a checkout's path may hold some.
  const guardEnv = { NODE_OPTIONS: `--require ${JSON.stringify(NETWORK_GUARD)}`, STORIES_NETWORK_LOG: networkLog };
  const guarded = { ...env, ...guardEnv };
  const runHere = (call: { command: string; args: string[]; env?: Record<string, string> }) =>
    run({ command: call.command, args: call.args, cwd: repo.path, env: { ...guarded, ...call.env } });
  return {
    ...repo,
    nxVersion: args.nxVersion,
    install,
    run: runHere,
    nx: (nxArgs) => runHere({ command: join(repo.path, 'node_modules/.bin/nx'), args: nxArgs }),
    guardEnv,
    takeNetworkAttempts() {
      if (!existsSync(networkLog)) return [];
      const attempts = readFileSync(networkLog, 'utf8').split('\n').filter(Boolean);
      rmSync(networkLog);
      return attempts;
    },
  };
}
