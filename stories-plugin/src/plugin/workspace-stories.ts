/**
 * The stories of a workspace, read and validated the one way that both the Nx plugin and the
 * `stories` command use, so that `stories validate` and a failing nx command print the same text.
 */
import { resolveOptions, type ResolvedOptions } from '../config/resolve';
import type { StoriesPluginOptions } from '../config/options';
import { analyzeStoryGraph, graphError } from '../graph/build';
import type { StoryGraph } from '../graph/types';
import type { Problem } from '../errors';
import { discoverStories } from '../stories/discover';
import { openParseCache } from './parse-cache';

/** A workspace's validated stories. */
export interface WorkspaceStories {
  options: ResolvedOptions;
  graph: StoryGraph;
  /** Workspace-relative story file -> its text, as read for this graph. */
  texts: ReadonlyMap<string, string>;
}

/** What checking a workspace found: the graph when valid, else every problem. */
export interface WorkspaceCheck {
  options: ResolvedOptions;
  graph?: StoryGraph;
  problems: Problem[];
  texts: ReadonlyMap<string, string>;
}

/**
 * Reads every story the `stories` glob matches (parse results cached in Nx's workspace data
 * directory) and checks the graph; never throws for problems in the stories, returns them.
 * Throws `CONFIG_INVALID` for wrong options.
 */
export async function checkWorkspaceStories(args: { workspaceRoot: string; options?: StoriesPluginOptions | null }): Promise<WorkspaceCheck> {
  const options = resolveOptions(args.options);
  const cache = openParseCache(args.workspaceRoot);
  const found = await discoverStories({ workspaceRoot: args.workspaceRoot, glob: options.stories, parse: cache.parse });
  cache.save();
  const { graph, problems } = analyzeStoryGraph({ stories: found.stories, options, problems: found.problems });
  return { options, graph, problems, texts: found.texts };
}

/**
 * The workspace's stories and their graph. Throws `CONFIG_INVALID` for wrong options and one
 * `GRAPH_INVALID` error listing every problem in the stories (the text `stories validate` prints
 * and any nx command fails with).
 */
export async function validateWorkspaceStories(args: { workspaceRoot: string; options?: StoriesPluginOptions | null }): Promise<WorkspaceStories> {
  const check = await checkWorkspaceStories(args);
  if (!check.graph) throw graphError(check.problems);
  return { options: check.options, graph: check.graph, texts: check.texts };
}
