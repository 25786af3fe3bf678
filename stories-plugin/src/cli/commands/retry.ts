/** `stories retry <id>`: a Failed or Blocked story back to Not Started, then `nx run <project>:implement`. */
import type { Command } from 'commander';
import { StoriesError } from '../../errors';
import { transitiveDependencies } from '../../graph';
import { sortStoryIds } from '../../stories/ids';
import { storyIdArgument } from '../arguments';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { runOneInvocation } from '../nx-command';
import { runNxWithProgress } from '../run-nx';
import { loadWorkspace } from '../workspace';

/** Registers `retry`. */
export function registerRetryCommand(program: Command, context: CommandContext): void {
  program
    .command('retry')
    .summary('run a Failed or Blocked story again')
    .description('Moves a Failed or Blocked story back to Not Started (its attempts are kept) and runs `nx run <project>:implement`, which runs whatever it still needs first; then prints the summary. Exits 0 only if the story is merged.')
    .argument('<id>', 'the story, e.g. 1.2')
    .option('--verbose', "show nx's own output instead of writing it to .agent-orchestration/logs/")
    .addHelpText('after', examples([['stories retry 1.2', 'after fixing what made 1.2 fail (see .agent-orchestration/logs/1.2/)']]))
    .action(async (idText: string, options: { verbose?: boolean }, command: Command) => {
      const workspace = await loadWorkspace({ root: workspaceRootOf({ command, io: context.io }) });
      const id = storyIdArgument({ text: idText, existing: workspace.graph.stories.map((story) => story.id) });
      const record = await workspace.store.readStory({ storyId: id });
      if (record?.status !== 'Failed' && record?.status !== 'Blocked') {
        const status = record?.status ?? 'Not Started';
        throw new StoriesError({
          code: 'ILLEGAL_TRANSITION',
          message: `Story ${id} is ${status}: only a Failed or Blocked story can be retried.`,
          hint: status === 'Merged' ? `It is done; \`stories reset ${id}\` starts it over.` : `\`stories implement ${id}\` runs it.`,
        });
      }
      await workspace.store.transition({ storyId: id, event: { type: 'RETRY', reason: `retried with \`stories retry ${id}\` (was ${record.status}: ${record.error?.message ?? 'no reason recorded'})` } });
      context.io.stdout.write(`Story ${id}: ${record.status} -> Not Started\n`);
      const records = new Map((await workspace.store.listStories()).map((entry) => [entry.storyId, entry]));
      const pending = transitiveDependencies(workspace.graph, id).filter((dependency) => {
        const status = records.get(dependency)?.status ?? workspace.graph.byId.get(dependency)?.status;
        return status !== 'Merged';
      });
      const invocation = runOneInvocation({ id, projectPrefix: workspace.options.projectPrefix });
      context.setExitCode(await runNxWithProgress({ workspace, io: context.io, invocation, ids: sortStoryIds([...pending, id]), skipped: [], verbose: options.verbose === true }));
    });
}
