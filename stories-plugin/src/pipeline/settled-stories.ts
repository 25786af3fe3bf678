/**
 * Which stories of a batch are done already, for all of them at once: one `git log` of the
 * base's story merges, one worktree listing, one branch listing and the state files. A rerun of
 * merged stories then costs no git process per story. Only a story with nothing to tidy
 * qualifies (recorded Merged for the same hash, merged in git for it, no worktree, no story
 * branch left); any other goes through `settleStory`, which repairs what needs repairing.
 */
import { listMergedStories, listStoryWorktrees, mergedStoryKey, STORY_BRANCH_PREFIX, gitText } from '../git';
import { StateStore } from '../state';

/** A story of the batch, as the plugin's current reading of the stories names it. */
export interface SettleCandidate {
  storyId: string;
  storyHash: string;
  /** The story's branch, `story/<id>-<slug>`. */
  branch: string;
}

/** What one reading found about the candidates. */
export interface SettledStories {
  /** Story id -> merge commit: done, nothing to record or tidy. */
  done: Map<string, string>;
  /** Merged in git for their hash, but the record must still say so (a fresh clone) or something must be tidied. */
  mergedInGit: Set<string>;
}

/** Sorts the candidates into done, merged in git only, and the rest (neither set). */
export async function findSettledStories(args: { workspaceRoot: string; baseBranch: string; candidates: readonly SettleCandidate[] }): Promise<SettledStories> {
  const { workspaceRoot } = args;
  const [merged, worktrees, branches] = await Promise.all([
    listMergedStories({ repoRoot: workspaceRoot, baseBranch: args.baseBranch }),
    listStoryWorktrees({ repoRoot: workspaceRoot }),
    gitText({ cwd: workspaceRoot, args: ['for-each-ref', '--format=%(refname:short)', `refs/heads/${STORY_BRANCH_PREFIX}`] }),
  ]);
  const busy = new Set(worktrees.map((worktree) => worktree.storyId));
  const branchNames = new Set(branches.split('\n').filter(Boolean));
  const store = new StateStore({ workspaceRoot });
  const done = new Map<string, string>();
  const mergedInGit = new Set<string>();
  for (const candidate of args.candidates) {
    const commit = merged.get(mergedStoryKey(candidate));
    if (!commit) continue;
    const record = await store.readStory({ storyId: candidate.storyId });
    const tidy = !busy.has(candidate.storyId) && !branchNames.has(candidate.branch);
    if (tidy && record?.status === 'Merged' && record.storyHash === candidate.storyHash && record.worktree === null) done.set(candidate.storyId, commit);
    else mergedInGit.add(candidate.storyId);
  }
  return { done, mergedInGit };
}
