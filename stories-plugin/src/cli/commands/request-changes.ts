/** `stories request-changes <id> --finding "..."`: a person sends a story awaiting review back to its agent. */
import type { Command } from 'commander';
import { collectFinding, storyIdArgument } from '../arguments';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { recordHumanVerdict } from '../human-review';
import { printLines } from '../io';
import { loadWorkspace } from '../workspace';

/** Registers `request-changes`. */
export function registerRequestChangesCommand(program: Command, context: CommandContext): void {
  program
    .command('request-changes')
    .summary('send a story awaiting human review back to its agent with findings')
    .description(
      'With "reviewer": "human": records the findings as a review round in the story\'s ## Review section on its branch; the next run hands them to the implementing agent (phase fix), runs the tests again and waits for your review again. The last allowed round (maxReviewRounds) fails the story instead.',
    )
    .argument('<id>', 'the story, e.g. 1.2')
    .requiredOption('--finding <text>', 'what must change (repeat for several)', collectFinding)
    .addHelpText('after', examples([['stories request-changes 1.2 --finding "log out must clear the session" --finding "add a test"', 'two findings']]))
    .action(async (idText: string, options: { finding: string[] }, command: Command) => {
      const workspace = await loadWorkspace({ root: workspaceRootOf({ command, io: context.io }) });
      const id = storyIdArgument({ text: idText, existing: workspace.graph.stories.map((story) => story.id) });
      const result = await recordHumanVerdict({ workspace, id, verdict: { verdict: 'changes_requested', findings: options.finding } });
      const failed = result.applied.to === 'Failed';
      printLines(context.io, [
        `Story ${id}: ${result.applied.from} -> ${result.applied.to} (review round ${result.round} recorded in its story file)`,
        failed
          ? `${result.applied.reason}. Read .agent-orchestration/logs/${id}/, then: npx stories retry ${id}`
          : `To let the agent address the findings, run: npx stories implement ${id}   (or: nx run-many -t implement)`,
      ]);
      context.setExitCode(failed ? 1 : 0);
    });
}
