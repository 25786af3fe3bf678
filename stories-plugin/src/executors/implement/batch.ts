/**
 * The batch implementation of `nx-stories:implement` (`preferBatch` in executors.json): Nx hands
 * it every `implement` task of a run that is not a cache hit, in one process. Stories are
 * scheduled by their dependencies without wave barriers, `--parallel` at a time; the stories are
 * read once and shared; each task's output is kept apart and reported when it ends.
 */
import type { ExecutorContext, TaskGraph } from 'nx/src/devkit-exports';
import { batchParallelism } from '../../batch/parallelism';
import { runBatch, type BatchYield } from '../../batch/run-batch';
import { sharedWorkspaceReader } from '../../batch/shared-workspace';
import { implementStep } from '../../pipeline/implement-step';
import { readWorkspaceStories } from '../../pipeline/story-context';
import { runStoryStep, type StoryExecutorOptions } from '../run-story-step';

/** Nx batch executor `nx-stories:implement`: yields `{ task, result }` as each story ends. */
export default async function* implementBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, StoryExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<BatchYield> {
  const workspaceRoot = context.root;
  const workspace = sharedWorkspaceReader({ workspaceRoot, read: () => readWorkspaceStories(workspaceRoot) });
  yield* runBatch({
    graph: { tasks: Object.keys(taskGraph.tasks), dependencies: taskGraph.dependencies },
    parallel: batchParallelism({ nxJsonParallel: context.nxJsonConfiguration?.parallel }),
    runTask: async (taskId) => {
      let terminalOutput = '';
      const { success } = await runStoryStep({
        name: 'implement',
        step: implementStep,
        options: inputs[taskId],
        workspaceRoot,
        workspace,
        write: (text) => {
          terminalOutput += text;
        },
      });
      return { success, terminalOutput };
    },
  });
}
