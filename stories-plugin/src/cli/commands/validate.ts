/** `stories validate`: the stories' problems exactly as nx reports them (exit 1), or a one-line "valid". */
import type { Command } from 'commander';
import { graphError } from '../../graph';
import type { StoryGraph } from '../../graph/types';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { checkWorkspace } from '../workspace';

/** `8 stories, 9 dependencies, 4 waves: valid`. */
export function validSummary(graph: Pick<StoryGraph, 'stories' | 'dependencies' | 'byWave'>): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const dependencies = [...graph.dependencies.values()].reduce((sum, list) => sum + list.length, 0);
  return `${count(graph.stories.length, 'story', 'stories')}, ${count(dependencies, 'dependency', 'dependencies')}, ${count(graph.byWave.length, 'wave', 'waves')}: valid`;
}

/** Registers `validate`. */
export function registerValidateCommand(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .summary('check every story and the dependency graph')
    .description('Reads every story file and checks the dependency graph: unknown dependencies, self-dependencies, cycles, duplicate ids, unreadable front matter. Prints every problem with its file and line, as any nx command would, and exits 1; or prints a one-line summary and exits 0.')
    .addHelpText('after', examples([['stories validate', 'check the stories of this workspace'], ['stories validate --cwd ../other', 'check another workspace']]))
    .action(async (_options: unknown, command: Command) => {
      const check = await checkWorkspace({ root: workspaceRootOf({ command, io: context.io }) });
      if (!check.graph) throw graphError(check.problems);
      context.io.stdout.write(`${validSummary(check.graph)}\n`);
      context.setExitCode(0);
    });
}
