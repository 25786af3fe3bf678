/**
 * The one shape of every executor: load the story's context, run its pipeline step, print the
 * outcome, and turn any error into a failed task with a message that says what and why.
 */
import { describeError } from '../errors';
import type { WorkspaceStories } from '../plugin/workspace-stories';
import { loadStoryContext, type StoryContext } from '../pipeline/story-context';
import type { StepResult } from '../pipeline/step-result';

/** The options the plugin puts on every story target. */
export interface StoryExecutorOptions {
  storyId: string;
  storyFile: string;
  storyHash: string;
}

/**
 * Runs `step` for the story of `options` and reports the result. Output goes to `write` (a batch
 * keeps each task's output apart), by default to standard output and errors to standard error.
 */
export async function runStoryStep(args: {
  name: string;
  step: (context: StoryContext) => Promise<StepResult>;
  options: StoryExecutorOptions;
  workspaceRoot: string;
  workspace?: () => Promise<WorkspaceStories>;
  write?: (text: string) => void;
}): Promise<{ success: boolean }> {
  const { name, options } = args;
  try {
    const storyContext = await loadStoryContext({ workspaceRoot: args.workspaceRoot, storyId: options.storyId, storyHash: options.storyHash, workspace: args.workspace, write: args.write });
    const result = await args.step(storyContext);
    storyContext.log(`${name}: ${result.message}`);
    return { success: result.success };
  } catch (error) {
    const message = `[story ${options.storyId}] ${name} failed: ${describeError(error)}\n`;
    if (args.write) args.write(message);
    else process.stderr.write(message);
    return { success: false };
  }
}
