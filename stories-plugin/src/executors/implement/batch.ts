/**
 * The batch implementation of `nx-stories:implement` (`preferBatch` in executors.json): Nx hands
 * it every `implement` task of a run that is not a cache hit, in one process. Stories already
 * done are answered together first; the others are scheduled by their dependencies without wave
 * barriers, `--parallel` at a time; the stories are read once and shared; each task's output is
 * kept apart and reported when it ends.
 */
import type { ExecutorContext, TaskGraph } from 'nx/src/devkit-exports';
import { batchParallelism } from '../../batch/parallelism';
import { runBatch, type BatchYield } from '../../batch/run-batch';
import { sharedWorkspaceReader } from '../../batch/shared-workspace';
import { batchGraphOf, type NxTaskDependency } from '../../batch/task-graph';
import { currentBranch, storyBranchName } from '../../git';
import { implementStep } from '../../pipeline/implement-step';
import { findSettledStories, type SettleCandidate } from '../../pipeline/settled-stories';
import { readWorkspaceStories } from '../../pipeline/story-context';
import { StateStore } from '../../state';
import type { WorkspaceStories } from '../../plugin/workspace-stories';
import { runStoryStep, type StoryExecutorOptions } from '../run-story-step';

/**
 * Stories merged in git for their content need no agent: only their record or a leftover to
 * tidy. They settle before the others, more at a time than `--parallel` (which limits agents).
 */
const SETTLE_PARALLEL = 8;

/** The batch's tasks whose stories are done (task -> merge commit) or merged in git only; none when that cannot be told. */
async function settledTasks(args: {
  workspaceRoot: string;
  stories: WorkspaceStories;
  inputs: Record<string, StoryExecutorOptions>;
}): Promise<{ done: Map<string, string>; mergedInGit: string[] }> {
  const { graph, options } = args.stories;
  const candidates: (SettleCandidate & { taskId: string })[] = [];
  for (const [taskId, input] of Object.entries(args.inputs)) {
    const story = graph.byId.get(input.storyId);
    const storyHash = graph.storyHashes.get(input.storyId);
    if (story && storyHash) candidates.push({ taskId, storyId: story.id, storyHash, branch: storyBranchName({ storyId: story.id, slug: story.slug }) });
  }
  try {
    const baseBranch = options.baseBranch ?? (await currentBranch({ repoRoot: args.workspaceRoot }));
    const settled = await findSettledStories({ workspaceRoot: args.workspaceRoot, baseBranch, candidates });
    return {
      done: new Map(candidates.filter((candidate) => settled.done.has(candidate.storyId)).map((candidate) => [candidate.taskId, settled.done.get(candidate.storyId) as string])),
      mergedInGit: candidates.filter((candidate) => settled.mergedInGit.has(candidate.storyId)).map((candidate) => candidate.taskId),
    };
  } catch {
    return { done: new Map(), mergedInGit: [] }; // every story then settles on its own, which reports what is wrong
  }
}

/** Nx batch executor `nx-stories:implement`: yields `{ task, result }` as each story ends. */
export default async function* implementBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, StoryExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<BatchYield> {
  const workspaceRoot = context.root;
  const workspace = sharedWorkspaceReader({ workspaceRoot, read: () => readWorkspaceStories(workspaceRoot) });
  const runTask = async (taskId: string) => {
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
  };
  let settled: Awaited<ReturnType<typeof settledTasks>> = { done: new Map(), mergedInGit: [] };
  try {
    // Stories answered without a state write would leave a killed run's lock and temp files forever.
    new StateStore({ workspaceRoot }).tidy();
    settled = await settledTasks({ workspaceRoot, stories: await workspace(), inputs });
  } catch {
    // An invalid graph: each task reports it below, as outside a batch.
  }
  const finished = new Set<string>();
  for (const [taskId, commit] of settled.done) {
    const now = Date.now();
    const terminalOutput = `[story ${inputs[taskId].storyId}] implement: done: merged in ${commit.slice(0, 12)}\n`;
    finished.add(taskId);
    yield { task: taskId, result: { success: true, status: 'success', terminalOutput, startTime: now, endTime: now } };
  }
  // No dependencies among these: each is merged already. One that fails anyway is tried again below.
  for await (const result of runBatch({ graph: batchGraphOf({ tasks: settled.mergedInGit, dependencies: {} }), parallel: SETTLE_PARALLEL, runTask })) {
    if (!result.result.success) continue;
    finished.add(result.task);
    yield result;
  }
  yield* runBatch({
    graph: batchGraphOf({
      tasks: Object.keys(taskGraph.tasks).filter((taskId) => !finished.has(taskId)),
      // Nx 24 lists edges where Nx 22 lists ids; its types are Nx 22's.
      dependencies: taskGraph.dependencies as Record<string, readonly NxTaskDependency[]>,
    }),
    parallel: batchParallelism({ nxJsonParallel: context.nxJsonConfiguration?.parallel }),
    runTask,
  });
}
