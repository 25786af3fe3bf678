/**
 * Reading the plugin's options from the workspace's `nx.json`, for the tools that run outside Nx
 * (the `stories` command). Inside Nx, Nx hands the same object to `createNodes`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from 'nx/src/utils/json';
import { problemsError } from '../errors';
import type { StoriesPluginOptions } from './options';

/** The npm name the plugin is registered under in `nx.json`. */
export const PLUGIN_NAME = 'nx-stories';

/**
 * The options of the `nx-stories` entry in `<workspaceRoot>/nx.json` (`{}` for a bare
 * `"nx-stories"` entry); undefined when nx.json does not exist or does not register the plugin.
 * Throws `CONFIG_INVALID` when nx.json cannot be parsed.
 */
export function readStoriesPluginOptions(workspaceRoot: string): StoriesPluginOptions | undefined {
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, 'nx.json'), 'utf8');
  } catch {
    return undefined;
  }
  let nxJson: { plugins?: unknown[] };
  try {
    nxJson = parseJson(text) as { plugins?: unknown[] };
  } catch (error) {
    throw problemsError('CONFIG_INVALID', 'nx-stories: nx.json cannot be read:', [
      { file: 'nx.json', message: error instanceof Error ? error.message.split('\n')[0] : String(error), expected: 'valid JSON' },
    ]);
  }
  for (const entry of Array.isArray(nxJson?.plugins) ? nxJson.plugins : []) {
    if (entry === PLUGIN_NAME) return {};
    if (typeof entry === 'object' && entry !== null && (entry as { plugin?: unknown }).plugin === PLUGIN_NAME) {
      return ((entry as { options?: StoriesPluginOptions }).options ?? {}) as StoriesPluginOptions;
    }
  }
  return undefined;
}
