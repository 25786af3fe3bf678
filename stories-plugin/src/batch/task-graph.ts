/**
 * The batch's task graph in the shape scheduling needs, from what Nx hands a batch executor
 * (pure). Nx 22 lists a task's dependencies as task ids; Nx 24 as edges `{ id, waitFor? }`.
 */
import type { BatchGraph } from './batch-plan';

/** A dependency as one Nx version or another lists it. */
export type NxTaskDependency = string | { id: string };

/** The tasks of `tasks` (ids), with their dependencies as ids. */
export function batchGraphOf(args: { tasks: readonly string[]; dependencies: Readonly<Record<string, readonly NxTaskDependency[] | undefined>> }): BatchGraph {
  const dependencies: Record<string, string[]> = {};
  for (const taskId of args.tasks) {
    dependencies[taskId] = (args.dependencies[taskId] ?? []).map((dependency) => (typeof dependency === 'string' ? dependency : dependency.id));
  }
  return { tasks: args.tasks, dependencies };
}
