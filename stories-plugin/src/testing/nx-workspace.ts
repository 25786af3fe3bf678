import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gitRepo, GitRepo, TEST_GIT_ENV } from './git-repo';

/** The repository root of nx-stories (where node_modules holds nx and the linked plugin). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** Result of one `nx` invocation. */
export interface NxResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages. */
  output: string;
}

/** A temp git repository that is an Nx workspace using the nx-stories plugin from this checkout. */
export interface NxWorkspace extends GitRepo {
  /** Runs the real `nx` binary (daemon off) with an argument array. */
  nx(args: string[], env?: Record<string, string>): NxResult;
}

/**
 * Lays out an Nx workspace in a temp git repository: `nx.json` registering `nx-stories` with
 * `pluginOptions`, the given files, and `node_modules` linked to this checkout's (so the plugin is
 * the freshly built `stories-plugin/dist`).
 */
export function nxWorkspace(files: Record<string, string>, pluginOptions: Record<string, unknown> = {}): NxWorkspace {
  const nxJson = { plugins: [{ plugin: 'nx-stories', options: pluginOptions }] };
  const repo = gitRepo(
    {
      'nx.json': JSON.stringify(nxJson, null, 2) + '\n',
      'package.json': JSON.stringify({ name: 'story-workspace', private: true }, null, 2) + '\n',
      '.gitignore': 'node_modules\n.nx\n.worktrees\n.agent-orchestration\n',
      ...files,
    },
    'nx-stories-ws-',
  );
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo.path, 'node_modules'));
  return {
    ...repo,
    nx(args, env = {}) {
      const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/nx'), args, {
        cwd: repo.path,
        env: { ...process.env, ...TEST_GIT_ENV, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', ...env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const stdout = result.stdout ?? '';
      const stderr = result.stderr ?? '';
      return { status: result.status ?? 1, stdout, stderr, output: stdout + stderr };
    },
  };
}
