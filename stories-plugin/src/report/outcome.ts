/**
 * How a run ended, decided once for the summary text, `summary.json`, the HTML report and the exit
 * code: each story falls in exactly one category, and the run is complete only if all are merged.
 */
import { compareStoryIds } from '../stories/ids';
import { joinAnd } from './format';
import type { StoryView, SummaryStory } from './types';

/** Where a story ended up in this run. */
export type SummaryCategory = 'completed' | 'failed' | 'blocked' | 'skipped' | 'awaiting-review' | 'usage-limit' | 'not-finished';

/** `complete`: all merged. `failed`: something failed or is blocked. `paused`: the rest waits. */
export type RunOutcome = 'complete' | 'failed' | 'paused';

/** Stories per category, and all of them. */
export interface SummaryTotals {
  total: number;
  completed: number;
  failed: number;
  blocked: number;
  skipped: number;
  awaitingReview: number;
  pausedForUsageLimit: number;
  notFinished: number;
}

/** The one category of a story; merged wins over everything, failure over pauses. */
export function categorize(story: StoryView & { skipped?: boolean }): SummaryCategory {
  if (story.status === 'Merged') return 'completed';
  if (story.status === 'Failed') return 'failed';
  if (story.status === 'Blocked') return 'blocked';
  if (story.skipped) return 'skipped';
  if (story.pausedForUsageLimit) return 'usage-limit';
  if (story.awaitingReview) return 'awaiting-review';
  return 'not-finished';
}

/** Counts per category. */
export function summaryTotals(stories: readonly SummaryStory[]): SummaryTotals {
  const count = (category: SummaryCategory): number => stories.filter((story) => categorize(story) === category).length;
  return {
    total: stories.length,
    completed: count('completed'),
    failed: count('failed'),
    blocked: count('blocked'),
    skipped: count('skipped'),
    awaitingReview: count('awaiting-review'),
    pausedForUsageLimit: count('usage-limit'),
    notFinished: count('not-finished'),
  };
}

/**
 * The exit code of `stories implement`: 0 only if every story in scope is merged. Skipped
 * stories belong to the scope the user asked for, so a run that skipped some exits 1.
 */
export function summaryExitCode(stories: readonly Pick<StoryView, 'status'>[]): 0 | 1 {
  return stories.every((story) => story.status === 'Merged') ? 0 : 1;
}

/** The run's outcome, for the headline. */
export function runOutcome(stories: readonly SummaryStory[]): RunOutcome {
  if (summaryExitCode(stories) === 0) return 'complete';
  return stories.some((story) => story.status === 'Failed' || story.status === 'Blocked') ? 'failed' : 'paused';
}

/** The headline of the summary for each outcome. */
export const OUTCOME_HEADLINE: Readonly<Record<RunOutcome, string>> = {
  complete: '✅ Story Implementation Complete',
  failed: '❌ Story Implementation Finished With Failures',
  paused: '⏸️  Story Implementation Paused',
};

/** What to do next, with the exact commands, in the order a user would do it. */
export function nextSteps(stories: readonly SummaryStory[]): string[] {
  const ids = (category: SummaryCategory): string[] =>
    stories.filter((story) => categorize(story) === category).map((story) => story.id).sort(compareStoryIds);
  const steps: string[] = [];
  for (const id of ids('failed')) {
    steps.push(`Read .agent-orchestration/logs/${id}/, fix the cause, then run: npx stories retry ${id}`);
  }
  for (const id of ids('awaiting-review')) {
    steps.push(`Review story ${id}, then run: npx stories approve ${id}  (or: npx stories request-changes ${id} --finding "...")`);
  }
  const waiting: string[] = [];
  if (ids('blocked').length > 0) waiting.push(`blocked ${joinAnd(ids('blocked'))} once their dependencies merge`);
  if (ids('awaiting-review').length > 0) waiting.push('reviewed stories');
  if (ids('usage-limit').length > 0) waiting.push(`${joinAnd(ids('usage-limit'))} after the usage limit resets`);
  if (ids('skipped').length > 0) waiting.push(`skipped ${joinAnd(ids('skipped'))} with their dependencies`);
  if (ids('not-finished').length > 0) waiting.push(`unfinished ${joinAnd(ids('not-finished'))}`);
  if (waiting.length > 0) steps.push(`Continue with ${joinAnd(waiting)}: nx run-many -t implement`);
  if (steps.length === 0) steps.push('Look over the merged work: git log --merges');
  steps.push('See the state of every story: npx stories status');
  return steps;
}
