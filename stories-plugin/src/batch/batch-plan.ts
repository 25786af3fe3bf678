/**
 * Which tasks of a batch may start now (pure). Nx hands a batch executor the whole graph of its
 * tasks at once; the batch then schedules itself like Nx would, without wave barriers: a task is
 * ready as soon as its dependencies succeeded, and the dependents of a failed task are skipped.
 * Among ready tasks, the one heading the longest chain of dependents starts first, so the
 * critical path never waits behind short side branches.
 */

/** The shape of a batch's task graph that scheduling needs (a subset of Nx's `TaskGraph`). */
export interface BatchGraph {
  /** Task id -> the ids of the tasks it depends on; ids outside the batch count as done. */
  dependencies: Readonly<Record<string, readonly string[]>>;
  /** Every task id of the batch. */
  tasks: readonly string[];
}

/** The progress of one batch: ready, running, finished and skipped tasks. */
export interface BatchPlan {
  /** Ready tasks that have not started, best first. */
  ready(): string[];
  /** Marks a ready task started. */
  start(taskId: string): void;
  /** Records a finished task; returns the tasks skipped because of it (transitively), if it failed. */
  finish(args: { taskId: string; success: boolean }): string[];
  /** True while a task has neither finished nor been skipped. */
  hasUnfinished(): boolean;
}

/** The number of tasks on the longest chain of dependents starting at each task (itself included). */
export function chainLengths(graph: BatchGraph): Map<string, number> {
  const dependents = dependentsOf(graph);
  const lengths = new Map<string, number>();
  const visit = (taskId: string, trail: Set<string>): number => {
    const known = lengths.get(taskId);
    if (known !== undefined) return known;
    if (trail.has(taskId)) throw new Error(`the batch's task graph has a cycle through ${taskId}`);
    trail.add(taskId);
    let longest = 0;
    for (const dependent of dependents.get(taskId) ?? []) longest = Math.max(longest, visit(dependent, trail));
    trail.delete(taskId);
    lengths.set(taskId, longest + 1);
    return longest + 1;
  };
  for (const taskId of graph.tasks) visit(taskId, new Set());
  return lengths;
}

function dependentsOf(graph: BatchGraph): Map<string, string[]> {
  const inBatch = new Set(graph.tasks);
  const dependents = new Map<string, string[]>();
  for (const taskId of graph.tasks) {
    for (const dependency of graph.dependencies[taskId] ?? []) {
      if (!inBatch.has(dependency)) continue;
      dependents.set(dependency, [...(dependents.get(dependency) ?? []), taskId]);
    }
  }
  return dependents;
}

/** Starts planning a batch. Throws on a cycle (Nx never hands one over). */
export function planBatch(graph: BatchGraph): BatchPlan {
  const inBatch = new Set(graph.tasks);
  const priority = chainLengths(graph);
  const dependents = dependentsOf(graph);
  const waitingOn = new Map(graph.tasks.map((taskId) => [taskId, new Set((graph.dependencies[taskId] ?? []).filter((id) => inBatch.has(id)))]));
  const order = new Map(graph.tasks.map((taskId, index) => [taskId, index]));
  const started = new Set<string>();
  const done = new Set<string>();

  const skipDependentsOf = (taskId: string): string[] => {
    const skipped: string[] = [];
    const queue = [...(dependents.get(taskId) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (done.has(next)) continue;
      done.add(next);
      skipped.push(next);
      queue.push(...(dependents.get(next) ?? []));
    }
    return skipped;
  };

  return {
    ready: () =>
      graph.tasks
        .filter((taskId) => !started.has(taskId) && !done.has(taskId) && (waitingOn.get(taskId) as Set<string>).size === 0)
        .sort((a, b) => (priority.get(b) as number) - (priority.get(a) as number) || (order.get(a) as number) - (order.get(b) as number)),
    start: (taskId) => {
      if (started.has(taskId) || done.has(taskId) || (waitingOn.get(taskId)?.size ?? 1) > 0) throw new Error(`task ${taskId} is not ready`);
      started.add(taskId);
    },
    finish: ({ taskId, success }) => {
      if (!started.has(taskId) || done.has(taskId)) throw new Error(`task ${taskId} is not running`);
      done.add(taskId);
      if (!success) return skipDependentsOf(taskId);
      for (const dependent of dependents.get(taskId) ?? []) waitingOn.get(dependent)?.delete(taskId);
      return [];
    },
    hasUnfinished: () => done.size < graph.tasks.length,
  };
}
