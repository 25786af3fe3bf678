/** The `review` executor of a story project; the work is in `pipeline/review-step`. */
import type { ExecutorContext } from 'nx/src/devkit-exports';
import { reviewStep } from '../../pipeline/review-step';
import { runStoryStep, type StoryExecutorOptions } from '../run-story-step';

/** Nx executor `nx-stories:review`. */
export default async function reviewExecutor(options: StoryExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runStoryStep({ name: 'review', step: reviewStep, options, workspaceRoot: context.root });
}
