/**
 * Dependency cycles, one problem per strongly connected group of stories, each printed as a path
 * (`1.2 -> 1.3 -> 1.2`, read "depends on"). Iterative, so long chains cannot overflow the stack.
 */
import type { Problem } from '../errors';
import { compareStoryIds } from '../stories/ids';
import type { Story } from '../stories/types';
import type { StoryDependency } from './types';

const KIND_REASONS = {
  foundation: 'a foundation dependency (option foundationDependencies: every story of epic > 0 depends on epic 0)',
  'same-epic': 'a same-epic order dependency (option sameEpicOrder)',
} as const;

/** One problem for every cycle group in the graph. */
export function findCycles(args: { byId: ReadonlyMap<string, Story>; dependencies: ReadonlyMap<string, StoryDependency[]> }): Problem[] {
  const { byId, dependencies } = args;
  return stronglyConnected(dependencies)
    .filter((group) => group.length > 1)
    .map((group) => {
      const path = shortestCycle(group, dependencies);
      const story = byId.get(path[0]);
      const implicit = path.slice(0, -1).flatMap((id, index) => {
        const kind = dependencies.get(id)?.find((dependency) => dependency.id === path[index + 1])?.kind;
        return kind && kind !== 'explicit' ? [`${id} -> ${path[index + 1]} is ${KIND_REASONS[kind]}`] : [];
      });
      return {
        file: story?.file,
        line: story?.lines.dependencies,
        message: `dependency cycle: ${path.join(' -> ')}`,
        expected: implicit.length > 0 ? `${implicit.join('; ')}; remove a dependency to break the cycle` : 'remove one of these dependencies to break the cycle',
      };
    });
}

/** Tarjan's algorithm without recursion; each group sorted by id, groups in discovery order. */
function stronglyConnected(dependencies: ReadonlyMap<string, StoryDependency[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of dependencies.keys()) {
    if (index.has(root)) continue;
    const frames: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const edges = dependencies.get(frame.id) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++].id;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.id);
        groups.push(group.sort(compareStoryIds));
      }
    }
  }
  return groups;
}

/** The shortest path from the group's lowest id back to itself, inside the group. */
function shortestCycle(group: readonly string[], dependencies: ReadonlyMap<string, StoryDependency[]>): string[] {
  const members = new Set(group);
  const start = group[0];
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const { id: next } of dependencies.get(id) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [id];
        while (path[0] !== start) path.unshift(parent.get(path[0])!);
        return [...path, start];
      }
      if (!parent.has(next)) {
        parent.set(next, id);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
