/** The `merge` executor of a story project; the work is in `pipeline/merge-step`. */
import type { ExecutorContext } from 'nx/src/devkit-exports';
import { mergeStep } from '../../pipeline/merge-step';
import { runStoryStep, type StoryExecutorOptions } from '../run-story-step';

/** Nx executor `nx-stories:merge`. */
export default async function mergeExecutor(options: StoryExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runStoryStep({ name: 'merge', step: mergeStep, options, workspaceRoot: context.root });
}
