/**
 * The `merge` step (contract section 5): serialized per repository and conflict-checked first.
 * Conflicts go to the agent and back through checks and review; the merge commit carries the
 * `Story-Id` and `Story-Hash` trailers; afterwards the worktree and the branch are removed.
 */
import { existsSync } from 'node:fs';
import { checkMergeConflicts, mergeStoryBranch, removeStoryWorktree } from '../git';
import { StoriesError } from '../errors';
import type { StoryRecord } from '../lifecycle';
import { resolveConflicts } from './conflicts';
import { clearLeftoversOfKilledRuns } from './leftovers';
import { beginPhase, finishPhase } from './phases';
import { startingPoint, type StepOptions } from './settle';
import { failed, StepResult, succeeded } from './step-result';
import { workspaceAbsolute, type StoryContext } from './story-context';

/** Runs the `merge` step of one story. */
export async function mergeStep(context: StoryContext, options: StepOptions = {}): Promise<StepResult> {
  const settled = await startingPoint(context, options);
  if (settled.merged) return succeeded(`already done: ${settled.how}`);
  const { store, story } = context;
  if (settled.record.status !== 'Approved') {
    return failed(`story ${story.id} is ${settled.record.status}; only an approved story is merged`);
  }
  await store.claim({ storyId: story.id });
  try {
    await clearLeftoversOfKilledRuns(context);
    return await mergeApproved(context);
  } finally {
    await store.release({ storyId: story.id });
  }
}

async function mergeApproved(context: StoryContext): Promise<StepResult> {
  const { store, story, workspaceRoot, baseBranch } = context;
  for (;;) {
    const record = (await store.readStory({ storyId: story.id })) as StoryRecord;
    if (record.status !== 'Approved') return failed(`story ${story.id} is ${record.status}`);
    const branch = record.branch as string;
    const worktree = record.worktree ? workspaceAbsolute(context, record.worktree) : undefined;
    const check = await checkMergeConflicts({ repoRoot: workspaceRoot, baseBranch, branch });
    if (!check.clean) {
      if (!worktree || !existsSync(worktree)) return failed(`conflicts with ${baseBranch} in ${check.conflicts.join(', ')}, and the worktree is gone`);
      const resolved = await resolveConflicts(context, { worktree, branch, paths: check.conflicts });
      if (resolved) return resolved;
      continue;
    }
    await beginPhase(context, 'merge');
    try {
      const merge = await mergeStoryBranch({ repoRoot: workspaceRoot, baseBranch, branch, storyId: story.id, storyHash: context.storyHash, title: story.title, log: context.log });
      await store.transition({ storyId: story.id, event: { type: 'MERGE', commit: merge.commit, reason: `merged into ${baseBranch} as ${merge.commit.slice(0, 12)}` } });
      await finishPhase(context, 'merge', 'ok');
      if (worktree) await removeStoryWorktree({ repoRoot: workspaceRoot, worktree, deleteBranch: { branch } });
      await store.update({ storyId: story.id, patch: { worktree: null, storyHash: context.storyHash } });
      context.log(`merged into ${baseBranch} as ${merge.commit.slice(0, 12)}; worktree and branch removed`);
      return succeeded(`merged as ${merge.commit.slice(0, 12)}`);
    } catch (error) {
      if (error instanceof StoriesError && error.code === 'MERGE_CONFLICT') {
        await finishPhase(context, 'merge', 'conflict');
        continue; // the base moved between the check and the merge: check again
      }
      await finishPhase(context, 'merge', 'failed', error instanceof Error ? error.message : String(error));
      if (error instanceof StoriesError && error.code === 'USER_CHANGES') {
        // Not the story's fault: it stays Approved and merges on the next run.
        return failed(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
      }
      throw error;
    }
  }
}
