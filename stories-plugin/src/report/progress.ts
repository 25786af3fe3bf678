/**
 * The spec's live progress view, grouped by wave. Two renderers over one view model: a full frame
 * that a terminal redraws in place, and changed-stories-only lines for logs without a terminal.
 */
import type { StoryStatus } from '../stories/types';
import { compareStoryIds } from '../stories/ids';
import { formatClock, truncate } from './format';
import type { ProgressStory } from './types';

/** One emoji per lifecycle status. */
export const STATUS_EMOJI: Readonly<Record<StoryStatus, string>> = {
  'Not Started': '⏸️',
  'In Progress': '⏳',
  'Ready for Review': '👀',
  'Changes Requested': '🔁',
  Approved: '👍',
  Merged: '✅',
  Failed: '❌',
  Blocked: '🚫',
};

/** Task checkboxes of a story file: `- [x]` done, `- [ ]` open, nested ones too, not in code blocks. */
export function countTaskProgress(markdown: string): { done: number; total: number } {
  let done = 0;
  let total = 0;
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (fence === undefined || fenceMark.startsWith(fence))) {
      fence = fence === undefined ? fenceMark : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const box = /^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]/.exec(line);
    if (!box) continue;
    total += 1;
    if (box[1] !== ' ') done += 1;
  }
  return { done, total };
}

/** Whole percent of ticked tasks; undefined when the story has no task checkboxes. */
export function taskPercent(progress: { done: number; total: number }): number | undefined {
  return progress.total === 0 ? undefined : Math.round((progress.done / progress.total) * 100);
}

/**
 * What a story's line says in parentheses: `Completed`, `In Progress - 45%`, `Waiting for Wave 1`,
 * `Failed: tests failed`, `Blocked by 1.1`, `Awaiting review: npx stories approve 1.2`.
 */
export function progressLabel(story: ProgressStory, waitingForWave?: number): string {
  const reason = story.reason ? `: ${story.reason}` : '';
  if (story.pausedForUsageLimit) return `Paused for usage limit${reason}`;
  switch (story.status) {
    case 'Not Started':
      return waitingForWave !== undefined ? `Waiting for Wave ${waitingForWave}` : 'Not Started';
    case 'In Progress':
      return story.percent !== undefined ? `In Progress - ${story.percent}%` : 'In Progress';
    case 'Ready for Review':
      return story.awaitingReview ? `Awaiting review: npx stories approve ${story.id}` : 'Ready for Review';
    case 'Merged':
      return 'Completed';
    case 'Blocked':
      return story.blockedBy && story.blockedBy.length > 0 ? `Blocked by ${story.blockedBy.join(', ')}` : `Blocked${reason}`;
    case 'Failed':
    case 'Changes Requested':
      return `${story.status}${reason}`;
    case 'Approved':
      return 'Approved';
  }
}

/** The emoji and the gap after it: two spaces after emoji that terminals draw one column wide. */
function marker(story: ProgressStory): string {
  const emoji = story.pausedForUsageLimit ? '⏸️' : STATUS_EMOJI[story.status];
  return emoji.endsWith('\uFE0F') ? `${emoji}  ` : `${emoji} `;
}

/**
 * The whole view as one string (no trailing newline). `columns` shortens titles so that no line
 * wraps, which would break redrawing in place.
 */
export function renderProgressFrame(args: { stories: readonly ProgressStory[]; columns?: number }): string {
  const waves = groupByWave(args.stories);
  const lines = ['📊 Story Implementation Progress'];
  for (const [wave, stories] of waves) {
    const waiting = [...waves.keys()].find((earlier) => earlier < wave && waves.get(earlier)?.some((s) => s.status !== 'Merged'));
    lines.push('', `Wave ${wave} (${stories.length} ${stories.length === 1 ? 'story' : 'stories'}):`);
    for (const story of stories) {
      const head = `  ${marker(story)}${story.id} - `;
      const tail = ` (${progressLabel(story, waiting)})`;
      // Emoji take two columns; the rest is counted one per code point.
      const room = args.columns === undefined ? Infinity : args.columns - [...head].length - 1 - [...tail].length;
      lines.push(`${head}${truncate(story.title, Math.max(8, room))}${tail}`);
    }
  }
  lines.push('', progressTotals(args.stories));
  return lines.join('\n');
}

const ACTIVE: readonly StoryStatus[] = ['In Progress', 'Ready for Review', 'Changes Requested', 'Approved'];

/** `2/8 merged · 1 in progress · 1 failed`: the counts that are not zero, merged always. */
export function progressTotals(stories: readonly ProgressStory[]): string {
  const count = (test: (story: ProgressStory) => boolean): number => stories.filter(test).length;
  const parts = [`${count((s) => s.status === 'Merged')}/${stories.length} merged`];
  const extra: Array<[string, number]> = [
    ['in progress', count((s) => !s.pausedForUsageLimit && !s.awaitingReview && ACTIVE.includes(s.status))],
    ['awaiting review', count((s) => s.status === 'Ready for Review' && s.awaitingReview === true)],
    ['paused', count((s) => s.pausedForUsageLimit === true)],
    ['failed', count((s) => s.status === 'Failed')],
    ['blocked', count((s) => s.status === 'Blocked')],
  ];
  for (const [label, value] of extra) if (value > 0) parts.push(`${value} ${label}`);
  return parts.join(' · ');
}

/**
 * The ANSI text that replaces the previous frame on a terminal with the next one: cursor up over
 * the old lines, clear to the end of the screen, write the new frame and a newline.
 */
export function terminalRedraw(args: { previousFrame?: string; frame: string }): string {
  const up = args.previousFrame === undefined ? '' : `\u001b[${args.previousFrame.split('\n').length}F\u001b[0J`;
  return `${up}${args.frame}\n`;
}

/**
 * Log lines for the stories whose state changed since `previous` (all of them on the first call):
 * `[12:03:04] 1.2 User Profile: In Progress -> Ready for Review`.
 */
export function renderProgressChanges(args: {
  previous: readonly ProgressStory[] | undefined;
  current: readonly ProgressStory[];
  time: Date;
}): string[] {
  const before = new Map((args.previous ?? []).map((story) => [story.id, logState(story)]));
  const clock = `[${formatClock(args.time)}]`;
  const lines: string[] = [];
  for (const story of [...args.current].sort((a, b) => compareStoryIds(a.id, b.id))) {
    const now = logState(story);
    const was = before.get(story.id);
    if (was === now) continue;
    lines.push(`${clock} ${story.id} ${story.title}: ${was === undefined ? now : `${was} -> ${now}`}`);
  }
  return lines;
}

/** A story's state in a log line: status, percent, and why it failed or waits. */
function logState(story: ProgressStory): string {
  if (story.pausedForUsageLimit) return `${story.status} (paused for usage limit)`;
  const detail =
    story.status === 'In Progress' && story.percent !== undefined
      ? ` ${story.percent}%`
      : story.status === 'Blocked' && story.blockedBy?.length
        ? ` (blocked by ${story.blockedBy.join(', ')})`
        : story.status === 'Ready for Review' && story.awaitingReview
          ? ` (awaiting review: npx stories approve ${story.id})`
          : story.reason && (story.status === 'Failed' || story.status === 'Changes Requested' || story.status === 'Blocked')
            ? ` (${story.reason})`
            : '';
  return `${story.status}${detail}`;
}

function groupByWave(stories: readonly ProgressStory[]): Map<number, ProgressStory[]> {
  const waves = new Map<number, ProgressStory[]>();
  for (const story of [...stories].sort((a, b) => a.wave - b.wave || compareStoryIds(a.id, b.id))) {
    const wave = waves.get(story.wave);
    if (wave) wave.push(story);
    else waves.set(story.wave, [story]);
  }
  return waves;
}
