/**
 * Conflict checks and merges of story branches into the base branch, without `git merge`: the
 * merge is computed by `merge-tree --write-tree`, recorded by `commit-tree` and published by a
 * compare-and-swap `update-ref`, so no MERGE_HEAD or half-done merge can ever exist. A base that is
 * checked out somewhere gets exactly the merged paths updated in that working tree.
 */
import { resolve } from 'node:path';
import { problemsError, StoriesError } from '../errors';
import { assertNoRebaseOf, assertNoUserOverlap, prepareCheckout, withCheckoutIndexLock, CheckoutLock, PreparedCheckout } from './checkout-update';
import { clearMergeJournal, recoverInterruptedMerge, writeMergeJournal } from './merge-journal';
import { buildMergeMessage } from './merge-message';
import { validateBranchName, validateStoryId } from './names';
import { parseMergeTree, parseNameStatus, parsePathList } from './parse';
import { branchTip, commitIdentityEnv, listWorktrees, resolveCommit } from './repo';
import { gitCommonDir, withRepoLock } from './repo-lock';
import { GitError, gitText, runGit } from './run-git';

/** Outcome of {@link checkMergeConflicts}. */
export type MergeCheck =
  | { clean: true; tree: string; baseCommit: string; branchCommit: string }
  | { clean: false; conflicts: string[]; baseCommit: string; branchCommit: string };

/** A completed merge. */
export interface StoryMerge {
  /** The new merge commit, now the tip of the base branch. */
  commit: string;
  /** Tip of the base branch just before the merge (first parent). */
  baseBefore: string;
  /** Worktree whose files were brought up to date, when the base is checked out. */
  updatedCheckout?: string;
}

/** How often a merge is recomputed when the base branch moved under it. */
export const MAX_MERGE_ATTEMPTS = 8;

/** Paths the branch changed since it left the base (its merge base with the base branch). */
export async function branchChanges(args: { repoRoot: string; baseBranch: string; branch: string }): Promise<string[]> {
  const repoRoot = resolve(args.repoRoot);
  const base = await branchTip({ repoRoot, branch: args.baseBranch });
  const tip = await branchTip({ repoRoot, branch: args.branch });
  return parsePathList(await gitText({ cwd: repoRoot, args: ['diff', '--name-only', '-z', '--no-renames', `${base}...${tip}`] }));
}

async function mergeTree(args: { repoRoot: string; ours: string; theirs: string }): Promise<{ tree: string; conflicts: string[] }> {
  const command = ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', args.ours, args.theirs];
  const result = await runGit({ cwd: args.repoRoot, args: command, allowFailure: true });
  if (result.exitCode > 1) throw new GitError({ args: command, cwd: args.repoRoot, exitCode: result.exitCode, stderr: result.stderr });
  const parsed = parseMergeTree(result.stdout);
  return { tree: parsed.tree, conflicts: result.exitCode === 1 ? parsed.conflicts : [] };
}

/** Would `branch` merge cleanly into the current tip of `baseBranch`? Needs no working tree, changes nothing visible. */
export async function checkMergeConflicts(args: { repoRoot: string; baseBranch: string; branch: string }): Promise<MergeCheck> {
  const repoRoot = resolve(args.repoRoot);
  const baseCommit = await branchTip({ repoRoot, branch: args.baseBranch });
  const branchCommit = await branchTip({ repoRoot, branch: args.branch });
  const { tree, conflicts } = await mergeTree({ repoRoot, ours: baseCommit, theirs: branchCommit });
  return conflicts.length > 0 ? { clean: false, conflicts, baseCommit, branchCommit } : { clean: true, tree, baseCommit, branchCommit };
}

/** Arguments of {@link mergeStoryBranch}. */
export interface MergeStoryArgs {
  /** Root of the main working tree (any worktree of the repository works). */
  repoRoot: string;
  /** Branch merged into (first parent). */
  baseBranch: string;
  /** Story branch merged (second parent); left as it is. */
  branch: string;
  storyId: string;
  /** Content hash of the story, recorded in the `Story-Hash` trailer. */
  storyHash: string;
  /** Story title for the subject line (flattened to one line). */
  title: string;
  /** Told what a recovery of an interrupted earlier merge did. */
  log?: (message: string) => void;
}

/** Sets `ref` to `next` only if it still is `expected`; false when someone moved it meanwhile. */
async function compareAndSwap(args: { repoRoot: string; ref: string; next: string; expected: string; reason: string }): Promise<boolean> {
  const command = ['update-ref', '-m', args.reason, args.ref, args.next, args.expected];
  const result = await runGit({ cwd: args.repoRoot, args: command, allowFailure: true });
  if (result.exitCode === 0) return true;
  const now = await resolveCommit({ cwd: args.repoRoot, ref: args.ref });
  if (now !== args.expected) return false;
  throw new GitError({ args: command, cwd: args.repoRoot, exitCode: result.exitCode, stderr: result.stderr });
}

async function attemptMerge(args: MergeStoryArgs & { checkout?: CheckoutLock }): Promise<StoryMerge | 'base-moved'> {
  const { repoRoot, baseBranch, branch, checkout } = args;
  const baseBefore = await branchTip({ repoRoot, branch: baseBranch });
  const theirs = await branchTip({ repoRoot, branch });
  if (theirs === baseBefore) {
    throw new StoriesError({ code: 'GIT_FAILED', message: `Branch ${branch} has no commit of its own (it points at ${baseBranch}): nothing to merge for story ${args.storyId}.` });
  }
  const { tree, conflicts } = await mergeTree({ repoRoot, ours: baseBefore, theirs });
  if (conflicts.length > 0) {
    throw problemsError(
      'MERGE_CONFLICT',
      `Story ${args.storyId} (branch ${branch}) conflicts with ${baseBranch}:`,
      conflicts.map((file) => ({ file, message: 'changed on both sides' })),
      `The branch ${branch} is intact; resolve the conflicts on it, then merge again.`,
    );
  }
  if (checkout) {
    const changes = parseNameStatus(await gitText({ cwd: repoRoot, args: ['diff-tree', '-r', '-z', '--name-status', '--no-renames', baseBefore, tree] }));
    await assertNoUserOverlap({ lock: checkout, changes });
  }
  const message = buildMergeMessage({ storyId: args.storyId, storyHash: args.storyHash, title: args.title, branch, baseBranch });
  const commit = await gitText({
    cwd: repoRoot,
    args: ['commit-tree', tree, '-p', baseBefore, '-p', theirs, '-m', message],
    env: await commitIdentityEnv(repoRoot),
  });
  const swap = { repoRoot, ref: `refs/heads/${baseBranch}`, next: commit, expected: baseBefore, reason: `nx-stories: merge story ${args.storyId}` };
  // From here on a crash would leave files, ref and index disagreeing: the journal lets the next
  // merge put them right. It is cleared wherever they agree again; on an unexpected error it
  // stays for that recovery.
  const commonDir = await gitCommonDir(repoRoot);
  writeMergeJournal({ commonDir, journal: { ref: swap.ref, from: baseBefore, to: commit, checkout: checkout ? { path: checkout.path, gitDir: checkout.gitDir } : null } });
  if (!checkout) {
    const moved = await compareAndSwap(swap);
    clearMergeJournal(commonDir);
    return moved ? { commit, baseBefore } : 'base-moved';
  }
  let prepared: PreparedCheckout;
  try {
    prepared = await prepareCheckout({ lock: checkout, from: baseBefore, to: commit });
  } catch (error) {
    // read-tree checks every path before it writes any: a refusal changed nothing.
    if (error instanceof StoriesError && error.code === 'USER_CHANGES') clearMergeJournal(commonDir);
    throw error;
  }
  let moved: boolean;
  try {
    moved = await compareAndSwap(swap);
  } catch (error) {
    await prepared.revert();
    clearMergeJournal(commonDir);
    throw error;
  }
  if (!moved) {
    await prepared.revert();
    clearMergeJournal(commonDir);
    return 'base-moved';
  }
  prepared.install();
  clearMergeJournal(commonDir);
  return { commit, baseBefore, updatedCheckout: checkout.path };
}

/**
 * Merges `branch` into `baseBranch` with a two-parent merge commit ending in the trailers
 * `Story-Id` and `Story-Hash`, under the repository lock. Recomputes when the base moved meanwhile
 * (a user's commit is kept). Throws `MERGE_CONFLICT` (problems name the paths; the branch is left
 * intact) and `USER_CHANGES` (the checked-out base has uncommitted changes in merged paths; nothing
 * is changed).
 */
export async function mergeStoryBranch(args: MergeStoryArgs): Promise<StoryMerge> {
  const repoRoot = resolve(args.repoRoot);
  validateStoryId(args.storyId);
  validateBranchName(args.baseBranch);
  validateBranchName(args.branch);
  const merge = { ...args, repoRoot };
  return withRepoLock({ repoRoot, purpose: `merge story ${args.storyId} into ${args.baseBranch}` }, async () => {
    const recovered = await recoverInterruptedMerge({ repoRoot, commonDir: await gitCommonDir(repoRoot) });
    if (recovered) args.log?.(recovered);
    for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
      assertNoRebaseOf({ commonDir: await gitCommonDir(repoRoot), branch: args.baseBranch });
      const checkouts = (await listWorktrees(repoRoot)).filter((w) => w.branch === args.baseBranch && !w.bare && !w.prunable);
      if (checkouts.length > 1) {
        throw new StoriesError({ code: 'GIT_FAILED', message: `${args.baseBranch} is checked out in several worktrees: ${checkouts.map((w) => w.path).join(', ')}.` });
      }
      const outcome = checkouts[0]
        ? await withCheckoutIndexLock(checkouts[0].path, (checkout) => attemptMerge({ ...merge, checkout }))
        : await attemptMerge(merge);
      if (outcome !== 'base-moved') return outcome;
      await new Promise((done) => setTimeout(done, 20 * attempt));
    }
    throw new StoriesError({
      code: 'GIT_FAILED',
      message: `${args.baseBranch} moved during each of ${MAX_MERGE_ATTEMPTS} attempts to merge story ${args.storyId}.`,
      hint: 'Something is updating the branch continuously; run again when it is quiet.',
    });
  });
}
