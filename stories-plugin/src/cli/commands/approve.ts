/** `stories approve <id>`: a person approves a story awaiting review (`reviewer: "human"`). */
import type { Command } from 'commander';
import { storyIdArgument } from '../arguments';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { recordHumanVerdict } from '../human-review';
import { printLines } from '../io';
import { loadWorkspace } from '../workspace';

/** Registers `approve`. */
export function registerApproveCommand(program: Command, context: CommandContext): void {
  program
    .command('approve')
    .summary('approve a story awaiting human review')
    .description('With "reviewer": "human", a story that passed its tests waits Ready for Review. This approves it: the round is added to the story\'s ## Review section on its branch, and the next run merges it.')
    .argument('<id>', 'the story, e.g. 1.2')
    .addHelpText('after', examples([['stories approve 1.2', 'then: stories implement (or nx run-many -t implement) merges it']]))
    .action(async (idText: string, _options: unknown, command: Command) => {
      const workspace = await loadWorkspace({ root: workspaceRootOf({ command, io: context.io }) });
      const id = storyIdArgument({ text: idText, existing: workspace.graph.stories.map((story) => story.id) });
      const result = await recordHumanVerdict({ workspace, id, verdict: { verdict: 'approve', findings: [] } });
      printLines(context.io, [
        `Story ${id}: ${result.applied.from} -> ${result.applied.to} (review round ${result.round} recorded in its story file)`,
        `To merge it, run: npx stories implement ${id}   (or: nx run-many -t implement)`,
      ]);
      context.setExitCode(0);
    });
}
