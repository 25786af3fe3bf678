/**
 * Order in an acyclic story graph: topological order, waves, story hashes, and the transitive
 * dependencies and dependents of a story.
 */
import { sha256 } from '../stories/hash';
import { compareStoryIds } from '../stories/ids';
import type { Story } from '../stories/types';
import type { StoryDependency, StoryGraph } from './types';

/**
 * The stories in waves (Kahn's algorithm, one layer at a time): wave 0 holds the stories without
 * dependencies, wave N those whose highest dependency is in wave N-1; each wave in id order.
 * Stories on a cycle never become ready and are left out (validation reports cycles first).
 */
export function layerByWave(dependencies: ReadonlyMap<string, readonly StoryDependency[]>): string[][] {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, list] of dependencies) {
    waiting.set(id, list.length);
    for (const dependency of list) {
      const existing = dependents.get(dependency.id);
      if (existing) existing.push(id);
      else dependents.set(dependency.id, [id]);
    }
  }
  const layers: string[][] = [];
  let ready = [...waiting].filter(([, count]) => count === 0).map(([id]) => id);
  while (ready.length > 0) {
    layers.push(ready.sort(compareStoryIds));
    const next: string[] = [];
    for (const id of ready) {
      for (const dependent of dependents.get(id) ?? []) {
        const left = waiting.get(dependent)! - 1;
        waiting.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    ready = next;
  }
  return layers;
}

/**
 * Story hash of each story: sha256 over its id, its content hash and the sorted story hashes of
 * its direct dependencies. Since those cover their own dependencies, it covers the whole chain.
 */
export function computeStoryHashes(args: {
  order: readonly string[];
  byId: ReadonlyMap<string, Story>;
  dependencies: ReadonlyMap<string, readonly StoryDependency[]>;
}): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const id of args.order) {
    const story = args.byId.get(id)!;
    const below = (args.dependencies.get(id) ?? []).map((dependency) => hashes.get(dependency.id)!).sort();
    hashes.set(id, sha256(['nx-stories story-hash 1', id, story.contentHash, ...below].join('\n')));
  }
  return hashes;
}

/** Every story `id` depends on, directly or through others, in id order. */
export function transitiveDependencies(graph: Pick<StoryGraph, 'dependencies'>, id: string): string[] {
  return reach(id, (current) => (graph.dependencies.get(current) ?? []).map((dependency) => dependency.id));
}

/** Every story that depends on `id`, directly or through others, in id order. */
export function transitiveDependents(graph: Pick<StoryGraph, 'dependents'>, id: string): string[] {
  return reach(id, (current) => graph.dependents.get(current) ?? []);
}

function reach(start: string, next: (id: string) => readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...next(start)];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...next(id));
  }
  seen.delete(start);
  return [...seen].sort(compareStoryIds);
}
