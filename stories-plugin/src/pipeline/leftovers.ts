/**
 * What a killed run leaves behind for a story, cleared by the process that takes the story over:
 * agents (and test commands) still running in their own process groups, and git lock files in the
 * story's branches and worktrees. Call it only once this process owns the story (then no live
 * process may hold those locks) and before it touches the worktree.
 */
import { clearStaleStoryLocks } from '../git';
import { reapOrphanedGroups } from '../process/group-record';
import type { StoryContext } from './story-context';

/** Reaps the story's orphaned process groups and removes its stale git locks, logging both. */
export async function clearLeftoversOfKilledRuns(context: StoryContext): Promise<void> {
  await reapOrphanedProcesses(context);
  const removed = await clearStaleStoryLocks({ repoRoot: context.workspaceRoot, storyId: context.story.id });
  if (removed.length > 0) context.log(`removed lock files a killed git left: ${removed.map((path) => path.slice(context.workspaceRoot.length + 1)).join(', ')}`);
}

/** Stops agents and test commands whose run was killed (safe at any time: live runs are left alone). */
export async function reapOrphanedProcesses(context: StoryContext): Promise<void> {
  const reaped = await reapOrphanedGroups({ dir: await context.store.logDir({ storyId: context.story.id }) });
  if (reaped.length > 0) context.log(`stopped ${reaped.length} process group(s) that a killed run left running (${reaped.join(', ')})`);
}
