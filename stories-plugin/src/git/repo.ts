/** Small read-only queries on a repository, shared by the worktree, commit and merge operations. */
import { StoriesError } from '../errors';
import { validateBranchName } from './names';
import { removeAbandonedCommondir, unreadableCommondir } from './interrupted-add';
import { parseWorktreeList, WorktreeEntry } from './parse';
import { GitError, gitText, runGit } from './run-git';

/** The commit a ref names, or undefined when there is none. */
export async function resolveCommit(args: { cwd: string; ref: string }): Promise<string | undefined> {
  const result = await runGit({ cwd: args.cwd, args: ['rev-parse', '--verify', '--quiet', `${args.ref}^{commit}`], allowFailure: true });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The tip of a local branch; `GIT_FAILED` naming the branch when it does not exist. */
export async function branchTip(args: { repoRoot: string; branch: string }): Promise<string> {
  const commit = await resolveCommit({ cwd: args.repoRoot, ref: `refs/heads/${validateBranchName(args.branch)}` });
  if (!commit) {
    throw new StoriesError({ code: 'GIT_FAILED', message: `Branch "${args.branch}" does not exist in ${args.repoRoot}.` });
  }
  return commit;
}

/**
 * The branch checked out in `repoRoot`: the default base branch of stories (contract section 5).
 * A detached HEAD is an error, since there is no branch to merge into.
 */
export async function currentBranch(args: { repoRoot: string }): Promise<string> {
  const result = await runGit({ cwd: args.repoRoot, args: ['symbolic-ref', '--quiet', '--short', 'HEAD'], allowFailure: true });
  if (result.exitCode !== 0) {
    throw new StoriesError({
      code: 'GIT_FAILED',
      message: `HEAD is detached in ${args.repoRoot}: there is no current branch to use as the base branch.`,
      hint: 'Check out a branch, or set the baseBranch option.',
    });
  }
  return result.stdout.trim();
}

/** All worktrees of the repository (the main one first). */
export async function listWorktrees(repoRoot: string): Promise<WorktreeEntry[]> {
  const args = ['worktree', 'list', '--porcelain', '-z'];
  const listed = await runGit({ cwd: repoRoot, args, allowFailure: true });
  if (listed.exitCode === 0) return parseWorktreeList(listed.stdout);
  const commondir = unreadableCommondir({ stderr: listed.stderr, cwd: repoRoot });
  if (commondir && (await removeAbandonedCommondir(commondir))) return parseWorktreeList(await gitText({ cwd: repoRoot, args }));
  throw new GitError({ args, cwd: repoRoot, exitCode: listed.exitCode, stderr: listed.stderr });
}

/** True when `ancestor` is reachable from `descendant`. */
export async function isAncestor(args: { repoRoot: string; ancestor: string; descendant: string }): Promise<boolean> {
  const command = ['merge-base', '--is-ancestor', args.ancestor, args.descendant];
  const result = await runGit({ cwd: args.repoRoot, args: command, allowFailure: true });
  if (result.exitCode > 1) throw new GitError({ args: command, cwd: args.repoRoot, exitCode: result.exitCode, stderr: result.stderr });
  return result.exitCode === 0;
}

/** Identity used when the user has configured none (a fresh CI machine), so commits never fail for it. */
export const FALLBACK_IDENTITY = { name: 'nx-stories', email: 'nx-stories@localhost' };

/**
 * Environment for commands that create commits: empty when git knows the user's identity (it is
 * kept), the fallback identity otherwise.
 */
export function commitIdentityEnv(cwd: string): Promise<Record<string, string>> {
  // Asked for every commit; git's answer only changes with the repository's configuration.
  let identity = identityByCwd.get(cwd);
  if (!identity) {
    identity = readCommitIdentityEnv(cwd);
    identityByCwd.set(cwd, identity);
    identity.catch(() => identityByCwd.delete(cwd));
  }
  return identity;
}

const identityByCwd = new Map<string, Promise<Record<string, string>>>();

async function readCommitIdentityEnv(cwd: string): Promise<Record<string, string>> {
  const [author, committer] = await Promise.all(
    ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT'].map((variable) => runGit({ cwd, args: ['var', variable], allowFailure: true })),
  );
  if (author.exitCode === 0 && committer.exitCode === 0) return {};
  return {
    GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME || FALLBACK_IDENTITY.name,
    GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL || FALLBACK_IDENTITY.email,
    GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME || FALLBACK_IDENTITY.name,
    GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL || FALLBACK_IDENTITY.email,
  };
}
