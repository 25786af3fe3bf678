/**
 * `stories implement [scope...]`: resolves the scope, settles its out-of-scope dependencies (ask on
 * a terminal, else `--on-out-of-scope`), runs the real `nx run-many` with live progress, and ends
 * with the completion summary, `summary.json`, `report.html` and the exit code.
 */
import { Option, type Command } from 'commander';
import { StoriesError } from '../../errors';
import { findOutOfScope, renderOutOfScopeWarning, SCOPE_SYNTAX_HINT, type OutOfScopeDecision, type OutOfScopeFinding } from '../../scope';
import { describeStoryIds } from '../../scope';
import { outOfScopeMode, parseParallel } from '../arguments';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { isInteractive, printLines, type CliIo } from '../io';
import { planImplementRun } from '../implement-run';
import { DEFAULT_PARALLEL, formatCommandLine } from '../nx-command';
import { resolveNxBinary } from '../nx-process';
import { renderPlan } from '../plan-view';
import { askOutOfScope } from '../prompt';
import { finishRun } from '../run-outcome';
import { runNxWithProgress } from '../run-nx';
import { dependencyIds, planScope } from '../scope-plan';
import { loadWorkspace } from '../workspace';
import { planFor } from './plan';

/** The options of `implement`. */
interface ImplementOptions {
  parallel?: number;
  onOutOfScope?: OutOfScopeDecision;
  dryRun?: boolean;
  verbose?: boolean;
}

/** Registers `implement`. */
export function registerImplementCommand(program: Command, context: CommandContext): void {
  program
    .command('implement')
    .summary('implement, review and merge the stories of a scope through nx')
    .description(
      `Runs \`nx run-many\` for the stories of the scope (dependencies first, in parallel), with live progress by wave, then prints the completion summary and writes .agent-orchestration/summary.json and report.html. Exits 0 only if every story in scope is merged.\n\nScope: ${SCOPE_SYNTAX_HINT}.\n\nA story whose dependency is outside the scope and not merged cannot run: on a terminal you are asked to expand the scope, skip that story, or cancel; otherwise --on-out-of-scope decides (default cancel, exit code 2).`,
    )
    .argument('[scope...]', 'the stories to implement (default: all)')
    .option('--parallel <n>', `stories worked on at once (default ${DEFAULT_PARALLEL})`, parseParallel)
    .addOption(new Option('--on-out-of-scope <decision>', 'what to do about unmerged dependencies outside the scope, without asking (default: ask on a terminal, else cancel)').choices(['expand', 'skip', 'cancel']))
    .option('--dry-run', 'print the plan and the exact nx command, run nothing')
    .option('--verbose', "show nx's own output instead of writing it to .agent-orchestration/logs/")
    .addHelpText(
      'after',
      examples([
        ['stories implement', 'every story'],
        ['stories implement 1.1-1.3 --parallel 2', 'three stories, two at a time'],
        ['stories implement epic:auth', 'one epic'],
        ['stories implement 2.3 --on-out-of-scope expand', 'in CI: also run the unmerged dependencies of 2.3'],
        ['stories implement 2.* --dry-run', 'show what would run'],
      ]),
    )
    .action(async (scope: string[], options: ImplementOptions, command: Command) => {
      context.setExitCode(await implement({ io: context.io, root: workspaceRootOf({ command, io: context.io }), scope, options }));
    });
}

async function implement(args: { io: CliIo; root: string; scope: readonly string[]; options: ImplementOptions }): Promise<number> {
  const { io, options } = args;
  const workspace = await loadWorkspace({ root: args.root });
  const plan = await planScope({ workspace, expression: args.scope });
  if (plan.scope.length === 0) {
    io.stdout.write(`No stories match ${workspace.options.stories}: nothing to do.\n`);
    return 0;
  }
  const decision = plan.finding.missing.length === 0 ? 'cancel' : await decide({ io, finding: plan.finding, flag: options.onOutOfScope });
  const parallel = options.parallel ?? DEFAULT_PARALLEL;
  const { dependencies } = workspace.graph;
  const run = planImplementRun({ scope: plan.scope, dependencies, merged: plan.merged, decision, projectPrefix: workspace.options.projectPrefix, parallel });
  if (run.action === 'cancel') throw cancelled({ finding: plan.finding, warned: isInteractive(io) && options.onOutOfScope === undefined });
  if (run.added.length > 0) io.stdout.write(`Expanded the scope with ${describeStoryIds(run.added)}.\n\n`);
  if (run.skipped.length > 0) io.stdout.write(`Skipping ${describeStoryIds(run.skipped)} for now.\n\n`);
  const { invocation } = run;
  if (options.dryRun && run.ids.length === 0) {
    io.stdout.write('Nothing would run: every story in scope needs a dependency outside it.\n');
    return 0;
  }
  if (options.dryRun) {
    const finding = findOutOfScope({ scope: run.ids, dependencies: dependencyIds(workspace.graph), merged: plan.merged });
    printLines(io, [
      renderPlan(planFor({ workspace, ids: run.ids, records: plan.records, finding })),
      '',
      `Would run in ${workspace.root}:`,
      `  nx ${formatCommandLine(invocation.args)}`,
      `  (nx = ${resolveNxBinary({ workspaceRoot: workspace.root }).display})`,
    ]);
    return 0;
  }
  if (run.ids.length === 0) {
    io.stdout.write('Nothing left to run: every story in scope needs a dependency outside it.\n');
    return finishRun({ workspace, io, ids: [], skipped: run.skipped, runStart: new Date().toISOString() });
  }
  return runNxWithProgress({ workspace, io, invocation, ids: run.ids, skipped: run.skipped, parallel, verbose: options.verbose === true });
}

/** The answer to the out-of-scope question: asked on a terminal, else the flag (default cancel). */
async function decide(args: { io: CliIo; finding: OutOfScopeFinding; flag?: OutOfScopeDecision }): Promise<OutOfScopeDecision> {
  const mode = outOfScopeMode({ flag: args.flag, interactive: isInteractive(args.io) });
  if (mode.kind === 'prompt') {
    const answer = await askOutOfScope({ io: args.io, finding: args.finding });
    args.io.stdout.write('\n');
    return answer;
  }
  if (mode.decision !== 'cancel') {
    const warning = renderOutOfScopeWarning({ finding: args.finding, prompt: false }).split('\n').slice(0, -1).join('\n');
    args.io.stdout.write(`${warning}\n--on-out-of-scope ${mode.decision}\n\n`);
  }
  return mode.decision;
}

/** The error of a cancelled run (exit code 2): what was missing (unless the prompt just said it) and how to go on. */
function cancelled(args: { finding: OutOfScopeFinding; warned: boolean }): StoriesError {
  const { finding } = args;
  const warning = args.warned ? [] : renderOutOfScopeWarning({ finding, prompt: false }).split('\n').filter((line) => !line.startsWith('No terminal'));
  return new StoriesError({
    code: 'OUT_OF_SCOPE',
    message: [...warning, 'Cancelled: nothing was run.'].join('\n'),
    hint: `Add --on-out-of-scope expand to implement ${describeStoryIds(finding.expandWith)} as well, or --on-out-of-scope skip to leave out ${describeStoryIds(finding.skip)}.`,
  });
}
