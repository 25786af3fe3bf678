/** The `implement` executor of a story project; the work is in `pipeline/implement-step`. */
import type { ExecutorContext } from 'nx/src/devkit-exports';
import { implementStep } from '../../pipeline/implement-step';
import { runStoryStep, type StoryExecutorOptions } from '../run-story-step';

/** Nx executor `nx-stories:implement`. */
export default async function implementExecutor(options: StoryExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runStoryStep({ name: 'implement', step: implementStep, options, workspaceRoot: context.root });
}
