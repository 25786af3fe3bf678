/**
 * The benchmark's shell around disk, git and nx: temp git repositories laid out as Nx workspaces
 * that load the plugin from this checkout's build, the real nx binary (daemon off), and timing.
 * Every process is spawned with an argument array.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The nx-stories checkout (bench/dist/*.js -> two folders up). */
export const REPO_ROOT = resolve(__dirname, '../..');
/** The benchmark agents (plain JS, not compiled). */
export const AGENTS_DIR = join(REPO_ROOT, 'bench', 'agents');
const NX_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'nx');

/** Git identity and settings that keep every run alike (no system config, no signing, no gc). */
export const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** What one timed process did. */
export interface Timed {
  status: number;
  ms: number;
  /** CPU time (user + system) of the process and all its descendants, when `/usr/bin/time` exists. */
  cpuMs?: number;
  stdout: string;
  stderr: string;
}

/** A temp git repository on `main`, optionally an Nx workspace. */
export interface BenchRepo {
  path: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  /** Stages everything and commits; returns the commit id. */
  commit(message: string): string;
  /** Runs the real nx (daemon off, no TUI, no cloud) and times it. */
  nx(args: string[], env?: Record<string, string | undefined>): Timed;
  cleanup(): void;
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Writes files relative to `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  const made = new Set<string>();
  for (const [name, content] of Object.entries(files)) {
    const full = join(root, name);
    const folder = dirname(full);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(full, content);
  }
}

/**
 * GNU time reports the CPU of a process and every descendant it waited for (nx waits for its task
 * processes, they wait for git and the agents): the one figure that other people's load on a
 * shared machine hardly changes.
 */
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/**
 * Runs a command with an argument array and times it (synchronously: the benchmark measures one
 * thing at a time). `cpu: false` skips the GNU time wrapper, for commands of a few milliseconds.
 */
export function timed(command: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined>; cpu?: boolean }): Timed {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const cpuFile = hasGnuTime && options.cpu !== false ? join(mkdtempSync(join(tmpdir(), 'bench-cpu-')), 'cpu') : undefined;
  const [file, argv] = cpuFile ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
  const start = nowMs();
  const result = spawnSync(file, argv, { cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = nowMs() - start;
  if (result.error) throw result.error;
  let cpuMs: number | undefined;
  if (cpuFile) {
    const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpuMs = Number.isFinite(user + system) ? (user + system) * 1000 : undefined;
    rmSync(dirname(cpuFile), { recursive: true, force: true });
  }
  return { status: result.status ?? 1, ms, ...(cpuMs === undefined ? {} : { cpuMs }), stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The environment of every nx call: daemon off (the issue's condition), no TUI, no cloud, plain output. */
export function nxEnvironment(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...GIT_ENV, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', NX_SKIP_NX_CACHE: undefined, ...extra };
}

/**
 * A temp git repository whose first commit holds `files`. With `nxPlugin`, it is an Nx workspace
 * registering nx-stories with those options; with `packageWorkspaces`, its package.json lists
 * those npm workspace globs. `node_modules` links to this checkout's.
 */
export function benchRepo(args: {
  prefix: string;
  files: Record<string, string>;
  nxPlugin?: Record<string, unknown>;
  packageWorkspaces?: string[];
}): BenchRepo {
  const path = realpathSync(mkdtempSync(join(tmpdir(), args.prefix)));
  const git = (...gitArgs: string[]) =>
    execFileSync('git', gitArgs, { cwd: path, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).trim();
  git('init', '-q', '-b', 'main');
  for (const [key, value] of [
    ['user.name', 'Bench'],
    ['user.email', 'bench@example.com'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['commit.gpgsign', 'false'],
  ]) {
    git('config', key, value);
  }
  const nxJson = args.nxPlugin ? { plugins: [{ plugin: 'nx-stories', options: args.nxPlugin }] } : {};
  const packageJson = { name: 'bench-workspace', private: true, ...(args.packageWorkspaces ? { workspaces: args.packageWorkspaces } : {}) };
  writeFiles(path, {
    'nx.json': JSON.stringify(nxJson, null, 2) + '\n',
    'package.json': JSON.stringify(packageJson, null, 2) + '\n',
    '.gitignore': 'node_modules\n.nx\n.worktrees\n.agent-orchestration\n',
    ...args.files,
  });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(path, 'node_modules'));
  const repo: BenchRepo = {
    path,
    git,
    write: (files) => writeFiles(path, files),
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    nx: (nxArgs, env = {}) => timed(NX_BIN, nxArgs, { cwd: path, env: nxEnvironment(env) }),
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
  repo.commit('initial');
  return repo;
}

/** Lines of the agents' starts log (one per agent start), empty when there is none. */
export function readStarts(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Fails loudly with nx's own output: a benchmark of a failed run would measure nothing. */
export function assertOk(result: Timed, what: string): Timed {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${failureDetails(`${result.stdout}\n${result.stderr}`)}`);
  return result;
}

/**
 * The output of each task nx lists under "Failed tasks" (found by its `> nx run <task>` header),
 * else the last lines of the whole output.
 */
export function failureDetails(output: string): string {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const failed = [...plain.matchAll(/^- (\S+:\S+)$/gm)].map((match) => match[1]);
  const sections = failed.map((task) => {
    const start = plain.indexOf(`> nx run ${task}`);
    if (start < 0) return `${task}: no output found`;
    const next = plain.indexOf('> nx run ', start + 1);
    return plain.slice(start, next < 0 ? undefined : next).trim();
  });
  const tail = plain.trim().split('\n').slice(-15).join('\n');
  return sections.length > 0 ? `${sections.join('\n\n')}\n...\n${tail}` : plain.trim().split('\n').slice(-40).join('\n');
}

/** A scratch folder outside any repository (agent logs, git shims). */
export function scratchDir(prefix: string): { path: string; cleanup(): void } {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
