/** The `run` executor of a story project; the work is in `pipeline/run-step`. */
import type { ExecutorContext } from 'nx/src/devkit-exports';
import { runStep } from '../../pipeline/run-step';
import { runStoryStep, type StoryExecutorOptions } from '../run-story-step';

/** Nx executor `nx-stories:run`. */
export default async function runExecutor(options: StoryExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runStoryStep({ name: 'run', step: runStep, options, workspaceRoot: context.root });
}
