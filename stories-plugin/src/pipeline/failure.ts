/**
 * What happens when a story fails (contract section 5): the story is Failed with the reason, its
 * worktree is removed with any uncommitted work saved on the branch, the branch and logs stay, and
 * every story that depends on it, directly or not, is Blocked naming it. Independent stories are
 * not touched: Nx goes on with them.
 */
import { ACTIVE_STATUSES, type StoryPhase } from '../lifecycle';
import { removeStoryWorktree } from '../git';
import { transitiveDependents } from '../graph';
import type { StoryContext } from './story-context';
import { workspaceAbsolute } from './story-context';

/** Marks the story Failed (when it is in an active status), cleans up, blocks its dependents. */
export async function failStory(context: StoryContext, args: { reason: string; phase: StoryPhase }): Promise<void> {
  const { store, story } = context;
  const record = await store.readStory({ storyId: story.id });
  if (record && ACTIVE_STATUSES.includes(record.status)) {
    await store.transition({ storyId: story.id, event: { type: 'FAIL', phase: args.phase, reason: args.reason } });
  }
  await cleanUpAfterFailure(context);
  await blockDependents(context);
  context.log(`Failed (${args.phase}): ${args.reason}`);
}

/** Removes the worktree but keeps the branch, with anything uncommitted saved on it. */
export async function cleanUpAfterFailure(context: StoryContext): Promise<void> {
  const record = await context.store.readStory({ storyId: context.story.id });
  if (!record?.worktree) return;
  const removed = await removeStoryWorktree({ repoRoot: context.workspaceRoot, worktree: workspaceAbsolute(context, record.worktree) });
  if (removed.savedCommit) context.log(`saved uncommitted work as ${removed.savedCommit.slice(0, 12)} on ${record.branch}`);
  await context.store.update({ storyId: context.story.id, patch: { worktree: null } });
  if (record.branch) context.log(`branch ${record.branch} and the logs in ${context.store.paths.logsDir}/${context.story.id}/ are kept`);
}

/** Blocks every dependent that has not started (or is already Blocked), naming this story. */
export async function blockDependents(context: StoryContext): Promise<string[]> {
  const blocked: string[] = [];
  for (const dependentId of transitiveDependents(context.graph, context.story.id)) {
    const dependent = await context.store.readStory({ storyId: dependentId });
    if (dependent && dependent.status !== 'Not Started' && dependent.status !== 'Blocked') continue;
    const blockedBy = [...new Set([...(dependent?.error?.blockedBy ?? []), context.story.id])];
    await context.store.transition({
      storyId: dependentId,
      event: { type: 'BLOCK', blockedBy, reason: `dependency ${context.story.id} failed` },
    });
    blocked.push(dependentId);
  }
  if (blocked.length > 0) context.log(`blocked its dependents: ${blocked.join(', ')}`);
  return blocked;
}
