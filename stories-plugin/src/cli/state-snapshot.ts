/**
 * One read of the state store for the views: every record by id, and the ticked-task percentage of
 * each story in progress, read from the story file inside its worktree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { assertInsideWorktrees } from '../git/names';
import type { StoryRecord } from '../lifecycle';
import { countTaskProgress, taskPercent } from '../report/progress';
import type { StateStore } from '../state';
import type { Story } from '../stories/types';

/** Records by id, and percentages of the stories in progress that have task boxes. */
export interface StateSnapshot {
  records: Map<string, StoryRecord>;
  percents: Map<string, number>;
}

/** Reads every record and the progress of the stories in progress. */
export async function readStateSnapshot(args: { root: string; store: StateStore; stories: ReadonlyMap<string, Story> }): Promise<StateSnapshot> {
  const records = new Map((await args.store.listStories()).map((record) => [record.storyId, record]));
  const percents = new Map<string, number>();
  for (const record of records.values()) {
    const story = args.stories.get(record.storyId);
    if (record.status !== 'In Progress' || !record.worktree || !story) continue;
    const percent = worktreePercent({ root: args.root, worktree: record.worktree, file: story.file });
    if (percent !== undefined) percents.set(record.storyId, percent);
  }
  return { records, percents };
}

/**
 * Ticked tasks of the story file in a worktree, in percent; undefined when the file is not there
 * (yet) or has no task boxes. The worktree comes from a state file, so it must lie in `.worktrees/`,
 * and the story file must stay inside it.
 */
export function worktreePercent(args: { root: string; worktree: string; file: string }): number | undefined {
  let worktree: string;
  try {
    worktree = assertInsideWorktrees({ repoRoot: args.root, path: isAbsolute(args.worktree) ? args.worktree : join(args.root, args.worktree) });
  } catch {
    return undefined;
  }
  const path = resolve(worktree, args.file);
  const inside = relative(worktree, path);
  if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(path)) return undefined;
  try {
    return taskPercent(countTaskProgress(readFileSync(path, 'utf8')));
  } catch {
    return undefined; // the agent may be rewriting it right now; the next poll reads it again
  }
}
