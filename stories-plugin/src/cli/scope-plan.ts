/**
 * The scope of a `plan` or `implement`: the ids the expression names, and what the scope lacks
 * (dependencies outside it that are not merged yet).
 */
import type { StoryRecord } from '../lifecycle';
import type { StoryGraph } from '../graph/types';
import { findOutOfScope, resolveScope, type OutOfScopeFinding } from '../scope';
import { dependenciesOutside } from './nx-command';
import { mergedStoryIds } from './merged-stories';
import { baseBranchOf, type CliWorkspace } from './workspace';

/** A resolved scope and what it lacks. */
export interface ScopePlan {
  /** The ids the expression names, in id order. */
  scope: string[];
  finding: OutOfScopeFinding;
  /** The state records as read for this plan. */
  records: Map<string, StoryRecord>;
  baseBranch: string;
  /** The dependencies outside the scope that are merged already. */
  merged: string[];
}

/** Direct dependency ids of every story (all kinds), as the out-of-scope check takes them. */
export function dependencyIds(graph: Pick<StoryGraph, 'dependencies'>): Record<string, string[]> {
  return Object.fromEntries([...graph.dependencies].map(([id, list]) => [id, list.map((dependency) => dependency.id)]));
}

/** Resolves `expression` (argv words; none = every story) and finds its unmerged out-of-scope dependencies. */
export async function planScope(args: { workspace: CliWorkspace; expression: readonly string[] }): Promise<ScopePlan> {
  const { workspace } = args;
  const scope = resolveScope({ expression: args.expression, stories: workspace.graph.stories });
  const records = new Map((await workspace.store.listStories()).map((record) => [record.storyId, record]));
  const baseBranch = await baseBranchOf(workspace);
  const outside = dependenciesOutside({ ids: scope, dependencies: workspace.graph.dependencies });
  const merged = await mergedStoryIds({ workspace, records, baseBranch, ids: outside });
  const finding = findOutOfScope({ scope, dependencies: dependencyIds(workspace.graph), merged });
  return { scope, finding, records, baseBranch, merged };
}
