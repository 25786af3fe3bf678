/**
 * `stories status [--watch] [--json]`: the progress view of every story from the state store, the
 * numbers of `orchestration-state.json`, and what waits for a human reviewer. It reads only files,
 * so it shows the same as a running `stories implement` in another terminal.
 */
import { Option, type Command } from 'commander';
import { describeError } from '../../errors';
import { graphError } from '../../graph';
import type { StoryGraph } from '../../graph/types';
import { renderProgressFrame } from '../../report/progress';
import type { ProgressStory } from '../../report/types';
import { sortStoryIds } from '../../stories/ids';
import type { OrchestrationState } from '../../state';
import { StateStore } from '../../state';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { printLines, type CliIo } from '../io';
import { startProgressLoop } from '../progress-loop';
import { readStateSnapshot } from '../state-snapshot';
import { progressStories } from '../story-views';
import { checkWorkspace } from '../workspace';

/** What `stories status --json` prints. */
export interface StatusJson {
  state: OrchestrationState;
  stories: ProgressStory[];
  awaitingReview: string[];
}

/** The lines under the progress view: the numbers of the state file and the stories awaiting review. */
export function statusFooter(state: OrchestrationState): string[] {
  const lines =
    state.totalStories === 0
      ? ['State: nothing recorded yet (no story has run in this workspace).']
      : [
          `State: ${state.totalStories} recorded · ${state.completed} merged · ${state.inProgress} in progress · ${state.pending} not started · ${state.failed} failed · ${state.blocked} blocked${
            state.currentWave !== null ? ` · current wave ${state.currentWave}` : ''
          }${state.startTime ? ` · first started ${state.startTime}` : ''}`,
        ];
  if (state.awaitingReview.length > 0) {
    lines.push('', 'Awaiting review:');
    for (const id of state.awaitingReview) lines.push(`  ${id}: npx stories approve ${id}   or   npx stories request-changes ${id} --finding "..."`);
  }
  for (const file of state.unreadable) lines.push(`⚠️  ${file} cannot be read; it is left out (see \`stories reset\`).`);
  return lines;
}

/** Registers `status`. */
export function registerStatusCommand(program: Command, context: CommandContext): void {
  program
    .command('status')
    .summary('show every story by wave, from the state store')
    .description('Shows every story grouped by wave with its status from .agent-orchestration/ (the same view `stories implement` draws), the totals, and the stories waiting for a human reviewer.')
    .addOption(new Option('--watch', 'redraw every half second until interrupted (Ctrl-C)').conflicts('json'))
    .option('--json', 'print the state as JSON')
    .addHelpText('after', examples([['stories status', 'once'], ['stories status --watch', 'follow a run from another terminal'], ['stories status --json', 'machine-readable']]))
    .action(async (options: { watch?: boolean; json?: boolean }, command: Command) => {
      const root = workspaceRootOf({ command, io: context.io });
      const check = await checkWorkspace({ root });
      if (!check.graph) context.io.stderr.write(`${describeError(graphError(check.problems))}\nShowing the recorded state only.\n\n`);
      const store = new StateStore({ workspaceRoot: root });
      const read = () => readStatus({ root, store, graph: check.graph });
      if (options.watch) {
        await watch({ io: context.io, read: async () => (await read()).stories });
      } else {
        const status = await read();
        printLines(context.io, options.json ? [JSON.stringify(status, null, 2)] : [renderProgressFrame({ stories: status.stories, columns: context.io.stdout.columns }), '', ...statusFooter(status.state)]);
      }
      context.setExitCode(0);
    });
}

/** Every story of the graph, and any recorded story the graph no longer has. */
async function readStatus(args: { root: string; store: StateStore; graph?: StoryGraph }): Promise<StatusJson> {
  const stories = args.graph?.byId ?? new Map();
  const snapshot = await readStateSnapshot({ root: args.root, store: args.store, stories });
  const ids = sortStoryIds(new Set([...stories.keys(), ...snapshot.records.keys()]));
  const waves = new Map([...(args.graph?.waves ?? new Map<string, number>())].map(([id, wave]) => [id, wave + 1]));
  const state = await args.store.readOrchestrationState();
  return { state, stories: progressStories({ ids, stories, waves, ...snapshot }), awaitingReview: state.awaitingReview };
}

/** Redraws (terminal) or prints changes (otherwise) until SIGINT or SIGTERM. */
async function watch(args: { io: CliIo; read: () => Promise<ProgressStory[]> }): Promise<void> {
  const loop = startProgressLoop({ output: args.io.stdout, mode: args.io.stdout.isTTY ? 'redraw' : 'lines', read: args.read });
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await loop.stop();
}
