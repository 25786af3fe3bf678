/**
 * The story's own test command (front matter `test`, else the `testCommand` option): the one
 * command line from a story that reaches a shell, run with `sh -c` in the worktree like an npm
 * script (contract section 2). Its output goes to the story's log folder.
 */
import { join } from 'node:path';
import { createRedactor } from '../agents/environment';
import { bootTicksNow, terminateEscapedProcesses } from '../process/escaped';
import { runProcess } from '../process/spawn';
import type { StoryContext } from './story-context';

/** The outcome of one test run. */
export interface TestOutcome {
  passed: boolean;
  /** The command that ran, or undefined when the story has none. */
  command?: string;
  /** For a failure: what to tell the agent and the user (exit code and the tail of the output). */
  failure?: string;
}

const QUOTED_LINES = 30;

/** The test command line of the story, if it has one. */
export function testCommandOf(context: StoryContext): string | undefined {
  return context.story.test ?? context.options.testCommand;
}

/** Runs the story's tests in `worktree`; a story without a test command passes. */
export async function runStoryTests(context: StoryContext, args: { worktree: string; env: Record<string, string>; label: string }): Promise<TestOutcome> {
  const command = testCommandOf(context);
  if (!command) return { passed: true };
  const logFile = join(await context.store.logDir({ storyId: context.story.id }), `${args.label}.log`);
  context.log(`testing: ${command}`);
  const startedTicks = bootTicksNow();
  // The test command gets the agent's environment, configured secrets included: mask them.
  const redact = createRedactor(args.env);
  const result = await runProcess({
    command: 'sh',
    args: ['-c', command],
    cwd: args.worktree,
    env: args.env,
    logFile,
    timeoutSeconds: context.options.agentTimeoutSeconds,
    redact,
  });
  const stopped = await terminateEscapedProcesses({ folder: args.worktree, sinceTicks: startedTicks });
  if (stopped.length > 0) context.log(`stopped ${stopped.length} process(es) the test command left running outside its process group`);
  if (result.exitCode === 0 && !result.timedOut) return { passed: true, command };
  const how = result.timedOut ? `timed out after ${context.options.agentTimeoutSeconds} s` : result.signal ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
  const output = [result.stdout.trimEnd(), result.stderr.trimEnd()].filter(Boolean).join('\n');
  const tail = redact(output.split('\n').slice(-QUOTED_LINES).join('\n'));
  return { passed: false, command, failure: `tests failed: \`${command}\` ${how}${tail ? `:\n${tail}` : ''}` };
}
