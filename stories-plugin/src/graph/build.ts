/**
 * `buildStoryGraph`: parsed stories -> the validated dependency graph, or one error listing every
 * problem at once (parse problems included), so a user fixes them all in one pass.
 */
import { problemsError, type Problem } from '../errors';
import type { Story } from '../stories/types';
import { findCycles } from './cycles';
import { collectDependencies, dropDuplicateIds } from './edges';
import { resolveEpicNames } from './epic-names';
import { computeStoryHashes, layerByWave } from './order';
import type { GraphOptions, StoryGraph } from './types';

/** What `stories validate` and every failing nx command print under the problems. */
export const GRAPH_INVALID_HINT = 'fix the story files listed above; `stories validate` checks them again';

/** The graph, or every problem that prevents it (nothing thrown). */
export function analyzeStoryGraph(args: { stories: readonly Story[]; options: GraphOptions; problems?: readonly Problem[] }): {
  graph?: StoryGraph;
  problems: Problem[];
} {
  const unique = dropDuplicateIds(args.stories);
  const named = resolveEpicNames(unique.stories);
  const byId = new Map(named.stories.map((story) => [story.id, story]));
  const edges = collectDependencies({ stories: named.stories, options: args.options });
  const cycles = findCycles({ byId, dependencies: edges.dependencies });
  const problems = sortProblems([...(args.problems ?? []), ...unique.problems, ...named.problems, ...edges.problems, ...cycles]);
  if (problems.length > 0) return { problems };

  const dependents = new Map<string, string[]>(named.stories.map((story) => [story.id, []]));
  for (const [id, list] of edges.dependencies) list.forEach((dependency) => dependents.get(dependency.id)!.push(id));
  const byWave = layerByWave(edges.dependencies);
  const order = byWave.flat();
  const waves = new Map(byWave.flatMap((ids, wave) => ids.map((id) => [id, wave] as const)));
  const storyHashes = computeStoryHashes({ order, byId, dependencies: edges.dependencies });
  const graph: StoryGraph = { stories: named.stories, byId, dependencies: edges.dependencies, dependents, waves, byWave, order, storyHashes };
  return { graph, problems: [] };
}

/**
 * Builds the story graph: explicit, foundation and same-epic dependencies, epic names, waves and
 * story hashes. Throws one `GRAPH_INVALID` error listing `problems` (e.g. from parsing) and every
 * unknown or self dependency, duplicate id, epic name clash and cycle.
 */
export function buildStoryGraph(args: { stories: readonly Story[]; options: GraphOptions; problems?: readonly Problem[] }): StoryGraph {
  const { graph, problems } = analyzeStoryGraph(args);
  if (!graph) throw graphError(problems);
  return graph;
}

/** The one error for invalid stories, worded the same for `stories validate` and for nx. */
export function graphError(problems: readonly Problem[]) {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return problemsError('GRAPH_INVALID', `nx-stories: ${count} in the story files:`, [...problems], GRAPH_INVALID_HINT);
}

/** File order, then line order; problems without a file last; otherwise as found. */
function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((problem, position) => ({ problem, position }))
    .sort((a, b) => {
      const fileA = a.problem.file ?? '\uffff';
      const fileB = b.problem.file ?? '\uffff';
      if (fileA !== fileB) return fileA < fileB ? -1 : 1;
      return (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.position - b.position;
    })
    .map(({ problem }) => problem);
}
