/**
 * The workspace a command works on: the nearest folder upwards with `nx.json`, its plugin
 * options, its validated stories (the same validation nx runs) and its state store.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PLUGIN_NAME, readStoriesPluginOptions } from '../config/nx-json';
import type { ResolvedOptions } from '../config/resolve';
import type { StoriesPluginOptions } from '../config/options';
import { StoriesError } from '../errors';
import { currentBranch } from '../git';
import type { StoryGraph } from '../graph/types';
import { checkWorkspaceStories, validateWorkspaceStories, type WorkspaceCheck } from '../plugin/workspace-stories';
import { StateStore } from '../state';

/** A workspace whose stories form a valid graph. */
export interface CliWorkspace {
  root: string;
  options: ResolvedOptions;
  graph: StoryGraph;
  /** Workspace-relative story file -> its text. */
  texts: ReadonlyMap<string, string>;
  store: StateStore;
}

/** The nearest folder at or above `start` that holds `nx.json`; `CONFIG_INVALID` when there is none. */
export function findWorkspaceRoot(args: { start: string }): string {
  const start = resolve(args.start);
  if (!existsSync(start) || !statSync(start).isDirectory()) {
    throw new StoriesError({ code: 'CONFIG_INVALID', message: `${start} is not a folder.`, hint: 'Pass --cwd a folder inside an Nx workspace.' });
  }
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new StoriesError({
    code: 'CONFIG_INVALID',
    message: `No nx.json in ${start} or any folder above it: this is not an Nx workspace.`,
    hint: 'Run the command inside an Nx workspace, or point --cwd at one.',
  });
}

/** The plugin options from `<root>/nx.json`; `CONFIG_INVALID` when nx.json does not register the plugin. */
export function pluginOptions(root: string): StoriesPluginOptions {
  const options = readStoriesPluginOptions(root);
  if (options === undefined) {
    throw new StoriesError({
      code: 'CONFIG_INVALID',
      message: `${join(root, 'nx.json')} does not register the ${PLUGIN_NAME} plugin.`,
      hint: `Run \`nx g ${PLUGIN_NAME}:init\`, or add { "plugin": "${PLUGIN_NAME}" } to "plugins" in nx.json.`,
    });
  }
  return options;
}

/** Loads the workspace; throws the `GRAPH_INVALID` error nx would print when the stories are invalid. */
export async function loadWorkspace(args: { root: string }): Promise<CliWorkspace> {
  const { root } = args;
  const { options, graph, texts } = await validateWorkspaceStories({ workspaceRoot: root, options: pluginOptions(root) });
  return { root, options, graph, texts, store: new StateStore({ workspaceRoot: root }) };
}

/** Checks the workspace without throwing for problems in the stories (for `validate` and `status`). */
export async function checkWorkspace(args: { root: string }): Promise<WorkspaceCheck> {
  return checkWorkspaceStories({ workspaceRoot: args.root, options: pluginOptions(args.root) });
}

/** The branch stories merge into: the `baseBranch` option, else the workspace's current branch. */
export async function baseBranchOf(workspace: Pick<CliWorkspace, 'root' | 'options'>): Promise<string> {
  return workspace.options.baseBranch ?? (await currentBranch({ repoRoot: workspace.root }));
}
