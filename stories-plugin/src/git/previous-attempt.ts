/**
 * What to do with a story branch left by an earlier attempt when the story starts again: never
 * lose an agent's work. Called under the repository lock.
 */
import { StoriesError } from '../errors';
import { commitAll } from './commit';
import { attemptBranchName } from './names';
import { isAncestor, listWorktrees, resolveCommit } from './repo';
import { runGit } from './run-git';
import { isInsideWorktrees, isUsableWorktree } from './worktree-paths';

/** What became of the branch of an earlier attempt. */
export interface PreviousAttempt {
  /** Tip of the old branch (after saving any uncommitted work of its worktree). */
  commit: string;
  /** Where it is kept (`story/<id>-<slug>-attempt-<n>`), or null when it held no commit of its own and was deleted. */
  keptAs: string | null;
  /** Folder of the old attempt's worktree, removed after its uncommitted work was committed. */
  removedWorktree?: string;
}

const ATTEMPT_SUFFIX = /-attempt-(\d+)$/;

async function nextAttemptName(args: { repoRoot: string; branch: string }): Promise<string> {
  const listed = await runGit({ cwd: args.repoRoot, args: ['for-each-ref', '--format=%(refname)', `refs/heads/${args.branch}-attempt-*`] });
  const numbers = listed.stdout
    .split('\n')
    .map((ref) => ref.slice(`refs/heads/${args.branch}`.length))
    .map((suffix) => ATTEMPT_SUFFIX.exec(suffix))
    .map((match) => (match && match.index === 0 ? Number(match[1]) : 0));
  return attemptBranchName({ branch: args.branch, attempt: Math.max(0, ...numbers) + 1 });
}

/**
 * Clears the way for a fresh `branch` from `baseCommit`: if it exists, its worktree (only a story
 * worktree) gets its uncommitted work committed and is removed, then the branch is renamed to the
 * next `-attempt-<n>` name, or deleted when its tip is already contained in the base.
 */
export async function setAsidePreviousBranch(args: { repoRoot: string; branch: string; baseCommit: string; storyId: string }): Promise<PreviousAttempt | undefined> {
  const { repoRoot, branch } = args;
  if (!(await resolveCommit({ cwd: repoRoot, ref: `refs/heads/${branch}` }))) return undefined;
  let removedWorktree: string | undefined;
  for (const holder of (await listWorktrees(repoRoot)).filter((w) => w.branch === branch && !w.prunable)) {
    if (!isInsideWorktrees({ repoRoot, path: holder.path })) {
      throw new StoriesError({
        code: 'GIT_FAILED',
        message: `Story branch ${branch} is checked out in ${holder.path}, outside .worktrees/; cannot start story ${args.storyId} again.`,
        hint: `Switch that working tree to another branch, then run again.`,
      });
    }
    if (await isUsableWorktree(holder.path)) {
      await commitAll({ worktree: holder.path, message: `nx-stories: work left by an earlier attempt of story ${args.storyId}` });
    }
    await runGit({ cwd: repoRoot, args: ['worktree', 'remove', '--force', holder.path] });
    removedWorktree = holder.path;
  }
  const commit = (await resolveCommit({ cwd: repoRoot, ref: `refs/heads/${branch}` }))!;
  const extra = removedWorktree ? { removedWorktree } : {};
  if (await isAncestor({ repoRoot, ancestor: commit, descendant: args.baseCommit })) {
    await runGit({ cwd: repoRoot, args: ['branch', '-D', branch] });
    return { commit, keptAs: null, ...extra };
  }
  const keptAs = await nextAttemptName({ repoRoot, branch });
  await runGit({ cwd: repoRoot, args: ['branch', '-m', branch, keptAs] });
  return { commit, keptAs, ...extra };
}
