/**
 * The `nx-stories` entry in `nx.json`'s `plugins`: finding it, reading its options and adding it
 * once. Pure: works on the parsed nx.json.
 */
import type { PluginConfiguration } from 'nx/src/devkit-exports';
import { PLUGIN_NAME } from '../config/nx-json';
import type { StoriesPluginOptions } from '../config/options';

/** The `nx-stories` entry (a bare `"nx-stories"` or `{ plugin: "nx-stories", ... }`), if any. */
export function findStoriesPluginEntry(plugins: readonly PluginConfiguration[] | undefined): PluginConfiguration | undefined {
  return (plugins ?? []).find((entry) => (typeof entry === 'string' ? entry : entry?.plugin) === PLUGIN_NAME);
}

/** The options of the entry: `{}` for a bare entry or none given; undefined when there is no entry. */
export function storiesOptionsOf(entry: PluginConfiguration | undefined): StoriesPluginOptions | undefined {
  if (entry === undefined) return undefined;
  if (typeof entry === 'string') return {};
  const options = entry.options;
  return typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as StoriesPluginOptions) : {};
}

/**
 * `plugins` with an `nx-stories` entry carrying `options`, unless one is there already: then the
 * list is returned unchanged (the user's options are theirs) and `added` is false.
 */
export function withStoriesPlugin(args: {
  plugins: readonly PluginConfiguration[] | undefined;
  options: StoriesPluginOptions;
}): { plugins: PluginConfiguration[]; added: boolean } {
  const plugins = [...(args.plugins ?? [])];
  if (findStoriesPluginEntry(plugins)) return { plugins, added: false };
  return { plugins: [...plugins, { plugin: PLUGIN_NAME, options: args.options as Record<string, unknown> }], added: true };
}
