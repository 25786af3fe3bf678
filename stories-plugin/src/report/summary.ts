/**
 * The spec's completion summary, as text for the terminal and as the JSON of
 * `.agent-orchestration/summary.json` (the caller writes the file).
 */
import type { StoryStatus } from '../stories/types';
import { compareStoryIds } from '../stories/ids';
import { formatCost, formatCount, formatDuration, parseTime, truncate } from './format';
import { categorize, nextSteps, OUTCOME_HEADLINE, runOutcome, summaryExitCode, summaryTotals, type RunOutcome, type SummaryCategory, type SummaryTotals } from './outcome';
import type { StoryUsage, SummaryModel, SummaryStory } from './types';

/** Usage added up over the stories that reported it. */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Ids of stories that ran but reported no usage (so the totals are a lower bound). */
  unreported: string[];
}

/** The content of `.agent-orchestration/summary.json`. */
export interface SummaryJson {
  outcome: RunOutcome;
  /** 0 only if every story in scope is merged. */
  exitCode: 0 | 1;
  startTime?: string;
  endTime?: string;
  elapsedMs?: number;
  totals: SummaryTotals;
  usage: UsageTotals;
  stories: Array<{
    id: string;
    title: string;
    status: StoryStatus;
    category: SummaryCategory;
    reason?: string;
    blockedBy?: string[];
    usage?: StoryUsage;
    startTime?: string;
    endTime?: string;
    durationMs?: number;
  }>;
  nextSteps: string[];
}

/** The summary as the spec prints it, extended by blocked, paused, usage and exact next steps. */
export function renderSummary(model: SummaryModel): string {
  const stories = sorted(model.stories);
  const totals = summaryTotals(stories);
  const lines = [OUTCOME_HEADLINE[runOutcome(stories)], '', `Total Stories: ${totals.total}`];
  lines.push(`✅ Completed: ${totals.completed}`, `❌ Failed: ${totals.failed}`, `🚫 Blocked: ${totals.blocked}`, `⏭️  Skipped: ${totals.skipped}`);
  if (totals.awaitingReview > 0) lines.push(`⏸️  Awaiting review: ${totals.awaitingReview}`);
  if (totals.pausedForUsageLimit > 0) lines.push(`⏸️  Paused for usage limits: ${totals.pausedForUsageLimit}`);
  if (totals.notFinished > 0) lines.push(`⏸️  Not finished: ${totals.notFinished}`);

  const section = (heading: string, category: SummaryCategory, detail: (story: SummaryStory) => string | undefined): void => {
    const members = stories.filter((story) => categorize(story) === category);
    if (members.length === 0) return;
    lines.push('', `${heading}:`);
    for (const story of members) {
      const more = detail(story);
      lines.push(`  - ${story.id}: ${story.title}${more ? ` (${more})` : ''}`);
    }
  };
  section('Failed Stories', 'failed', (story) => story.reason ?? 'no reason recorded');
  section('Blocked Stories', 'blocked', (story) => (story.blockedBy?.length ? `blocked by ${story.blockedBy.join(', ')}` : story.reason));
  section('Awaiting Review', 'awaiting-review', (story) => `npx stories approve ${story.id}`);
  section('Paused For Usage Limits', 'usage-limit', (story) => story.reason);
  section('Skipped Stories', 'skipped', (story) => story.reason ?? 'a dependency is out of scope');
  section('Not Finished', 'not-finished', (story) => story.status);

  lines.push('', ...usageLines(model, stories));
  lines.push('', 'Next Steps:', ...nextSteps(stories).map((step, index) => `  ${index + 1}. ${step}`));
  return lines.join('\n');
}

/** The summary as data, for `summary.json`. */
export function summaryJson(model: SummaryModel): SummaryJson {
  const stories = sorted(model.stories);
  const { startTime, endTime, elapsedMs } = runSpan(model);
  return {
    outcome: runOutcome(stories),
    exitCode: summaryExitCode(stories),
    ...(startTime !== undefined && { startTime }),
    ...(endTime !== undefined && { endTime }),
    ...(elapsedMs !== undefined && { elapsedMs }),
    totals: summaryTotals(stories),
    usage: usageTotals(stories),
    stories: stories.map((story) => {
      const durationMs = storyDuration(story);
      return {
        id: story.id,
        title: story.title,
        status: story.status,
        category: categorize(story),
        ...(story.reason !== undefined && { reason: story.reason }),
        ...(story.blockedBy?.length && { blockedBy: story.blockedBy }),
        ...(story.usage !== undefined && { usage: story.usage }),
        ...(story.startTime !== undefined && { startTime: story.startTime }),
        ...(story.endTime !== undefined && { endTime: story.endTime }),
        ...(durationMs !== undefined && { durationMs }),
      };
    }),
    nextSteps: nextSteps(stories),
  };
}

/** Tokens and cost added up; stories that ran without reporting usage are listed. */
export function usageTotals(stories: readonly SummaryStory[]): UsageTotals {
  const totals: UsageTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0, unreported: [] };
  for (const story of sorted(stories)) {
    const usage = story.usage;
    if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined && usage.costUsd === undefined)) {
      if (story.startTime !== undefined) totals.unreported.push(story.id);
      continue;
    }
    totals.inputTokens += usage.inputTokens ?? 0;
    totals.outputTokens += usage.outputTokens ?? 0;
    totals.costUsd += usage.costUsd ?? 0;
  }
  return totals;
}

/** The run's first start, last end and the time between, from the model or else its stories. */
export function runSpan(model: SummaryModel): { startTime?: string; endTime?: string; elapsedMs?: number } {
  const starts = model.stories.map((story) => story.startTime).filter((time): time is string => parseTime(time) !== undefined);
  const ends = model.stories.map((story) => story.endTime).filter((time): time is string => parseTime(time) !== undefined);
  const byTime = (a: string, b: string): number => (parseTime(a) ?? 0) - (parseTime(b) ?? 0);
  const startTime = model.startTime ?? starts.sort(byTime)[0];
  const endTime = model.endTime ?? ends.sort(byTime)[ends.length - 1];
  const start = parseTime(startTime);
  const end = parseTime(endTime);
  return { startTime, endTime, elapsedMs: start !== undefined && end !== undefined ? Math.max(0, end - start) : undefined };
}

/** Per-story usage table and its total line. */
function usageLines(model: SummaryModel, stories: readonly SummaryStory[]): string[] {
  const ran = stories.filter((story) => story.usage !== undefined || story.startTime !== undefined);
  if (ran.length === 0) return ['Usage: no story ran in this run'];
  const rows = ran.map((story) => {
    const duration = storyDuration(story);
    return [`${story.id} ${truncate(story.title, 32)}`, ...usageCells(story.usage), duration === undefined ? '' : formatDuration(duration)];
  });
  const totals = usageTotals(stories);
  const elapsed = runSpan(model).elapsedMs;
  const anyReported = ran.some((story) => !totals.unreported.includes(story.id) && story.usage !== undefined);
  rows.push(['Total', ...usageCells(anyReported ? totals : undefined), elapsed === undefined ? '' : `${formatDuration(elapsed)} elapsed`]);
  const columns = rows[0].map((_, column) => column).filter((column) => rows.some((row) => row[column] !== ''));
  const widths = columns.map((column) => Math.max(...rows.map((row) => [...row[column]].length)));
  const cell = (row: string[], column: number, index: number): string =>
    index === 0 ? row[column].padEnd(widths[index]) : row[column].padStart(widths[index]);
  const lines = ['Usage:', ...rows.map((row) => `  ${columns.map((column, index) => cell(row, column, index)).join('   ')}`.trimEnd())];
  if (totals.unreported.length > 0) lines.push(`  (no usage reported by ${totals.unreported.join(', ')})`);
  return lines;
}

function usageCells(usage: StoryUsage | undefined): [string, string, string] {
  if (!usage) return ['', '', 'not reported'];
  return [
    usage.inputTokens === undefined ? '' : `${formatCount(usage.inputTokens)} in`,
    usage.outputTokens === undefined ? '' : `${formatCount(usage.outputTokens)} out`,
    usage.costUsd === undefined ? '' : formatCost(usage.costUsd),
  ];
}

function storyDuration(story: SummaryStory): number | undefined {
  const start = parseTime(story.startTime);
  const end = parseTime(story.endTime);
  return start !== undefined && end !== undefined ? Math.max(0, end - start) : undefined;
}

function sorted<T extends { id: string }>(stories: readonly T[]): T[] {
  return [...stories].sort((a, b) => compareStoryIds(a.id, b.id));
}
