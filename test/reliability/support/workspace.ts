/**
 * The temp Nx workspace of a reliability test: `nxWorkspace` (the real nx, the built plugin), plus
 * kill-point hooks and the checks every test ends with. `RELIABILITY_PLUGIN_ROOT` (a folder with
 * `overlay/node_modules` and `stories-plugin/`) points the workspace at another build of the
 * plugin, so the suite can be run against a private build while the shared one is being rebuilt.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { nxWorkspace, REPO_ROOT, type NxWorkspace } from '../../../stories-plugin/src/testing/nx-workspace';
import { nxEnv } from './nx-process';
import { offlineAgents } from './stories';

/** A workspace of scripted stories run by the offline agents; `options` are merged over theirs. */
export function reliabilityWorkspace(files: Record<string, string>, options: Record<string, unknown> = {}): NxWorkspace {
  const ws = nxWorkspace(files, offlineAgents(options));
  const root = process.env.RELIABILITY_PLUGIN_ROOT;
  if (root) {
    rmSync(join(ws.path, 'node_modules'));
    symlinkSync(join(root, 'overlay/node_modules'), join(ws.path, 'node_modules'));
  }
  return ws;
}

/** What a `stories` command printed and how it ended. */
export interface CliResult {
  status: number;
  output: string;
}

/** Runs the `stories` command of the plugin build under test in `cwd`. */
export function runStoriesCli(args: { cwd: string; argv: string[]; env?: Record<string, string> }): CliResult {
  const root = process.env.RELIABILITY_PLUGIN_ROOT ? join(process.env.RELIABILITY_PLUGIN_ROOT, 'stories-plugin') : join(REPO_ROOT, 'stories-plugin');
  const result = spawnSync(process.execPath, [join(root, 'bin/stories.js'), ...args.argv], {
    cwd: args.cwd,
    env: { ...nxEnv(), ...args.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
