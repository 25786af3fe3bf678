/**
 * The first question of every step: is this story already merged for its current content? Git
 * history answers it (the `Story-Hash` trailer), so a cold Nx cache or an empty state folder never
 * starts an agent twice. The state record is brought in line with what git says.
 */
import { ACTIVE_STATUSES, type StoryRecord } from '../lifecycle';
import { clearStaleStoryLocks, deleteMergedStoryBranch, findMergedStory, listStoryWorktrees, removeStoryWorktree, storyBranchName } from '../git';
import { LIVE_GIT_LOCK_MS } from '../git/dead-holder-locks';
import { reapOrphanedProcesses } from './leftovers';
import type { StoryContext } from './story-context';

/** How the story stands before a step does any work. */
export type Settled =
  | { merged: true; how: string }
  | { merged: false; record: StoryRecord };

/** Details every record of this story carries, refreshed at each step. */
export function storyDetails(context: StoryContext) {
  const { story, graph, agentName, storyHash } = context;
  return {
    title: story.title,
    agent: agentName,
    dependencies: (graph.dependencies.get(story.id) ?? []).map((dependency) => dependency.id),
    storyHash,
    wave: (graph.waves.get(story.id) ?? 0) + 1,
  };
}

/**
 * Returns `merged: true` when the story is done for its current content (git history, the story
 * file's own `Done` status, or a documentation-only story already recorded), after making the
 * record say Merged and removing any worktree left behind. Otherwise returns the record, reset to
 * Not Started when it was Merged for older content.
 */
export async function settleStory(context: StoryContext): Promise<Settled> {
  const { store, story, storyHash, workspaceRoot, baseBranch } = context;
  const storyId = story.id;
  let record = await store.ensureStory({ storyId, details: storyDetails(context), maxReviewRounds: context.options.maxReviewRounds });

  const merge = await findMergedStory({ repoRoot: workspaceRoot, baseBranch, storyId, storyHash });
  const doneInFile = story.status === 'Merged';
  const docsOnlyDone = record.status === 'Merged' && context.agentName === 'none' && record.storyHash === storyHash;
  if (merge || doneInFile || docsOnlyDone) {
    if (record.status !== 'Merged') {
      const reason = merge ? `merged earlier in ${merge.commit.slice(0, 12)} for this content` : `the story file says ${story.rawStatus ?? 'Done'}`;
      if (record.status === 'Approved' && merge) {
        await store.transition({ storyId, event: { type: 'MERGE', commit: merge.commit, reason } });
      } else {
        if (ACTIVE_STATUSES.includes(record.status)) await store.transition({ storyId, event: { type: 'RESET', reason } });
        await store.transition({ storyId, event: { type: 'ALREADY_MERGED', reason, ...(merge ? { commit: merge.commit } : {}) } });
      }
      await store.update({ storyId, patch: { storyHash } });
    }
    await reapOrphanedProcesses(context);
    await removeLeftoverWorktrees(context, merge !== undefined);
    return { merged: true, how: merge ? `merged in ${merge.commit.slice(0, 12)}` : doneInFile ? `marked ${story.rawStatus ?? 'Done'} in its file` : 'documentation only' };
  }

  if (record.status === 'Merged') {
    await store.transition({ storyId, event: { type: 'RESET', reason: 'the story or one of its dependencies changed since it was merged' } });
    record = await store.update({ storyId, patch: { storyHash, worktree: null, branch: null } });
  }
  return { merged: false, record };
}

/** A crash between merge and cleanup leaves a worktree: remove it (its branch is merged). */
async function removeLeftoverWorktrees(context: StoryContext, branchMerged: boolean): Promise<void> {
  const leftovers = (await listStoryWorktrees({ repoRoot: context.workspaceRoot })).filter((worktree) => worktree.storyId === context.story.id);
  for (const worktree of leftovers) {
    await removeStoryWorktree({
      repoRoot: context.workspaceRoot,
      worktree: worktree.path,
      ...(branchMerged && worktree.branch ? { deleteBranch: { branch: worktree.branch } } : {}),
    });
    context.log(`removed the worktree left behind at ${worktree.path}`);
  }
  if (leftovers.length > 0) await context.store.update({ storyId: context.story.id, patch: { worktree: null } });
  if (!branchMerged) return;
  // A crash between the merge and the branch's deletion leaves the branch without a worktree.
  const branch = storyBranchName({ storyId: context.story.id, slug: context.story.slug });
  const deleteBranch = () => deleteMergedStoryBranch({ repoRoot: context.workspaceRoot, baseBranch: context.baseBranch, branch });
  try {
    if (await deleteBranchClearingStaleLocks(context, deleteBranch)) context.log(`deleted the merged branch ${branch} left behind`);
  } catch (error) {
    // Only tidying: the story is merged, and the next run tries again.
    context.log(`could not delete a merged branch left behind: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Deletes the merged story's branch; when git refuses because a killed git left the branch's
 * lock file (the story is merged: no run of ours works on it), removes the story's lock files
 * that are older than any live git keeps them and tries once more.
 */
async function deleteBranchClearingStaleLocks(context: StoryContext, deleteBranch: () => Promise<boolean>): Promise<boolean> {
  try {
    return await deleteBranch();
  } catch (error) {
    const removed = await clearStaleStoryLocks({ repoRoot: context.workspaceRoot, storyId: context.story.id, olderThanMs: LIVE_GIT_LOCK_MS });
    if (removed.length === 0) throw error;
    context.log(`removed lock files a killed git left: ${removed.map((path) => path.slice(context.workspaceRoot.length + 1)).join(', ')}`);
    return deleteBranch();
  }
}

/** How a step is called: `implement` settles once and then runs its steps without settling again. */
export interface StepOptions {
  /** The story was settled (and found not merged) by the caller in this process. */
  settled?: boolean;
}

/** Where a step starts: {@link settleStory}, or the record as it stands when the caller settled already. */
export async function startingPoint(context: StoryContext, options: StepOptions = {}): Promise<Settled> {
  if (!options.settled) return settleStory(context);
  const record = await context.store.readStory({ storyId: context.story.id });
  return record ? { merged: false, record } : settleStory(context);
}
