/**
 * The temp Nx workspace of a reliability test: `nxWorkspace` (the real nx, the built plugin), plus
 * kill-point hooks and the checks every test ends with. `RELIABILITY_PLUGIN_ROOT` (a folder with
 * `overlay/node_modules` and `stories-plugin/`) points the workspace at another build of the
 * plugin, so the suite can be run against a private build while the shared one is being rebuilt.
 */
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { nxWorkspace, type NxWorkspace } from '../../../stories-plugin/src/testing/nx-workspace';
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
