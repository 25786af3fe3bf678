/**
 * Budget caps (`maxCostUsdPerStory`, `maxCostUsd`): once reached, no new agent work starts. A
 * story over its own cap fails (a person must decide to spend more); a run over the workspace cap
 * pauses its stories like a usage limit, so nothing is marked Failed for it.
 */
import type { StoryContext } from './story-context';

/** Which cap stops the next agent invocation, if any. */
export type BudgetStop = { scope: 'story' | 'run'; message: string } | undefined;

/** Pure: compares what was spent with the caps. */
export function checkBudget(args: { storyCostUsd: number; runCostUsd: number; maxCostUsdPerStory?: number; maxCostUsd?: number; storyId: string }): BudgetStop {
  const usd = (value: number) => `$${value.toFixed(2)}`;
  if (args.maxCostUsdPerStory !== undefined && args.storyCostUsd >= args.maxCostUsdPerStory) {
    return { scope: 'story', message: `budget reached: story ${args.storyId} has cost ${usd(args.storyCostUsd)} of its ${usd(args.maxCostUsdPerStory)} (maxCostUsdPerStory)` };
  }
  if (args.maxCostUsd !== undefined && args.runCostUsd >= args.maxCostUsd) {
    return { scope: 'run', message: `budget reached: the stories have cost ${usd(args.runCostUsd)} of ${usd(args.maxCostUsd)} (maxCostUsd); raise it or run \`stories reset --all\` to start a new budget` };
  }
  return undefined;
}

/** Reads the spending from the state store and checks the caps for the story of `context`. */
export async function budgetStop(context: StoryContext): Promise<BudgetStop> {
  const { maxCostUsdPerStory, maxCostUsd } = context.options;
  if (maxCostUsdPerStory === undefined && maxCostUsd === undefined) return undefined;
  const records = await context.store.listStories();
  const storyCostUsd = records.find((record) => record.storyId === context.story.id)?.usage.costUsd ?? 0;
  const runCostUsd = records.reduce((sum, record) => sum + record.usage.costUsd, 0);
  return checkBudget({ storyCostUsd, runCostUsd, maxCostUsdPerStory, maxCostUsd, storyId: context.story.id });
}
