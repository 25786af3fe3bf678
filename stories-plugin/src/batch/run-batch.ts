/**
 * Runs a batch's tasks in one process, at most `parallel` at a time, and yields each result as
 * soon as it is known, so that Nx prints and times every task when it ends rather than when the
 * whole batch does.
 */
import { planBatch, type BatchGraph } from './batch-plan';

/** What one task of a batch ended with (the fields Nx reads from a batch result). */
export interface BatchTaskResult {
  success: boolean;
  /** `skipped`: not run because a dependency failed (as Nx reports such tasks outside batches). */
  status: 'success' | 'failure' | 'skipped';
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
}

/** One yielded result: Nx's `{ task, result }` shape for batch implementations that stream. */
export interface BatchYield {
  task: string;
  result: BatchTaskResult;
}

/**
 * Runs `runTask` for every task of `graph` in dependency order, `parallel` at a time. A task that
 * throws counts as failed with the error as its output; the dependents of a failed task are
 * yielded as skipped, naming it.
 */
export async function* runBatch(args: {
  graph: BatchGraph;
  parallel: number;
  runTask: (taskId: string) => Promise<{ success: boolean; terminalOutput: string }>;
}): AsyncGenerator<BatchYield> {
  const plan = planBatch(args.graph);
  const parallel = Math.max(1, Math.floor(args.parallel));
  const running = new Map<string, Promise<BatchYield>>();
  const start = (taskId: string): Promise<BatchYield> => {
    const startTime = Date.now();
    return args.runTask(taskId).then(
      (outcome) => ({ task: taskId, result: { ...outcome, status: outcome.success ? 'success' : 'failure', startTime, endTime: Date.now() } }),
      (error: unknown) => ({
        task: taskId,
        result: { success: false, status: 'failure', terminalOutput: `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, startTime, endTime: Date.now() },
      }),
    );
  };
  while (plan.hasUnfinished()) {
    for (const taskId of plan.ready()) {
      if (running.size >= parallel) break;
      plan.start(taskId);
      running.set(taskId, start(taskId));
    }
    if (running.size === 0) throw new Error('the batch has unfinished tasks but none can start');
    const finished = await Promise.race(running.values());
    running.delete(finished.task);
    yield finished;
    for (const skipped of plan.finish({ taskId: finished.task, success: finished.result.success })) {
      const now = Date.now();
      yield { task: skipped, result: { success: false, status: 'skipped', terminalOutput: `not run: ${finished.task} failed\n`, startTime: now, endTime: now } };
    }
  }
}
