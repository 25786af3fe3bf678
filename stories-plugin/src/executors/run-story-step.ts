/**
 * The one shape of every executor: load the story's context, run its pipeline step, print the
 * outcome, and turn any error into a failed task with a message that says what and why.
 */
import type { ExecutorContext } from 'nx/src/devkit-exports';
import { describeError } from '../errors';
import { loadStoryContext, type StoryContext } from '../pipeline/story-context';
import type { StepResult } from '../pipeline/step-result';

/** The options the plugin puts on every story target. */
export interface StoryExecutorOptions {
  storyId: string;
  storyFile: string;
  storyHash: string;
}

/** Runs `step` for the story of `options` and reports the result to Nx. */
export async function runStoryStep(
  name: string,
  step: (context: StoryContext) => Promise<StepResult>,
  options: StoryExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const storyContext = await loadStoryContext({ workspaceRoot: context.root, storyId: options.storyId, storyHash: options.storyHash });
    const result = await step(storyContext);
    storyContext.log(`${name}: ${result.message}`);
    return { success: result.success };
  } catch (error) {
    process.stderr.write(`[story ${options.storyId}] ${name} failed: ${describeError(error)}\n`);
    return { success: false };
  }
}
