/** `stories plan [scope...] [--json]`: the waves of the scope, with agent, status and dependencies. */
import type { Command } from 'commander';
import type { StoryRecord } from '../../lifecycle';
import { SCOPE_SYNTAX_HINT, type OutOfScopeFinding } from '../../scope';
import { describeAgentChoice, type AgentChoice } from '../agent-choice';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { printLines } from '../io';
import { buildPlan, renderPlan, type PlanModel } from '../plan-view';
import { planScope } from '../scope-plan';
import { scopeWaves } from '../story-views';
import { loadWorkspace, type CliWorkspace } from '../workspace';

/** The plan model of `ids` (scope-local waves, agents with their reasons). */
export function planFor(args: { workspace: CliWorkspace; ids: readonly string[]; records: ReadonlyMap<string, StoryRecord>; finding: OutOfScopeFinding }): PlanModel {
  const { workspace, ids } = args;
  const agents = new Map<string, AgentChoice>();
  for (const id of ids) {
    const story = workspace.graph.byId.get(id);
    if (story) agents.set(id, describeAgentChoice({ story, text: workspace.texts.get(story.file) ?? '', options: workspace.options }));
  }
  const waves = scopeWaves({ ids, dependencies: workspace.graph.dependencies });
  return buildPlan({ scope: ids, graph: workspace.graph, records: args.records, waves, agents, finding: args.finding });
}

/** Registers `plan`. */
export function registerPlanCommand(program: Command, context: CommandContext): void {
  program
    .command('plan')
    .summary('show the waves of stories, each with its agent, status and dependencies')
    .description(`Shows the stories of the scope in waves (a wave needs only earlier waves), each with the agent that implements it and why, its status and its dependencies. Nothing runs.\n\nScope: ${SCOPE_SYNTAX_HINT}.`)
    .argument('[scope...]', 'the stories to plan (default: all)')
    .option('--json', 'print the plan as JSON')
    .addHelpText(
      'after',
      examples([
        ['stories plan', 'every story'],
        ['stories plan 1.1-1.5', 'stories 1.1 to 1.5, numeric order'],
        ['stories plan epic:auth 3.*', 'the auth epic and every story of epic 3'],
        ['stories plan 2.3 --json', 'machine-readable'],
      ]),
    )
    .action(async (scope: string[], options: { json?: boolean }, command: Command) => {
      const workspace = await loadWorkspace({ root: workspaceRootOf({ command, io: context.io }) });
      const plan = await planScope({ workspace, expression: scope });
      const model = planFor({ workspace, ids: plan.scope, records: plan.records, finding: plan.finding });
      printLines(context.io, [options.json ? JSON.stringify(model, null, 2) : renderPlan(model)]);
      context.setExitCode(0);
    });
}
