/**
 * Commits what an agent left in its story worktree. Runs without the repository lock: it only
 * touches the worktree's own index and its story branch.
 */
import { posix } from 'node:path';
import { StoriesError } from '../errors';
import { STORY_BRANCH_PREFIX, WORKTREES_DIR } from './names';
import { commitIdentityEnv } from './repo';
import { GitError, gitText, runGit } from './run-git';

/** Folders that never belong in a story commit: orchestration state and nested worktrees. */
export const NEVER_COMMITTED = ['.agent-orchestration', WORKTREES_DIR];

/** Top level of the worktree holding `path`, after checking it is on a story branch (never the user's branch). */
export async function storyWorktreeTop(path: string): Promise<{ top: string; branch: string }> {
  const top = await gitText({ cwd: path, args: ['rev-parse', '--show-toplevel'] });
  const head = await runGit({ cwd: top, args: ['symbolic-ref', '--quiet', 'HEAD'], allowFailure: true });
  const ref = head.stdout.trim();
  if (head.exitCode !== 0 || !ref.startsWith(`refs/heads/${STORY_BRANCH_PREFIX}`)) {
    throw new StoriesError({
      code: 'PATH_UNSAFE',
      message: `${top} is not on a story branch (HEAD is ${ref || 'detached'}); nx-stories only commits on ${STORY_BRANCH_PREFIX}* branches.`,
    });
  }
  return { top, branch: ref.slice('refs/heads/'.length) };
}

/** A worktree-relative path that stays inside the worktree; `PATH_UNSAFE` otherwise. */
function validateRelativePath(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (normalized === '' || normalized === '.' || normalized.startsWith('../') || normalized === '..' || posix.isAbsolute(normalized)) {
    throw new StoriesError({ code: 'PATH_UNSAFE', message: `${JSON.stringify(path)} is not a path inside the story worktree.` });
  }
  return normalized;
}

/**
 * Stages everything in the story worktree (new, changed and deleted files; never
 * `.agent-orchestration/`, `.worktrees/` or the `exclude` paths, e.g. files copied in by
 * `worktreeCopy`) and commits it. Commit hooks are skipped: this commit
 * only saves the agent's work, tests and review judge it. Returns the new commit id, or null when
 * nothing changed.
 */
export async function commitAll(args: { worktree: string; message: string; exclude?: readonly string[] }): Promise<string | null> {
  const { top } = await storyWorktreeTop(args.worktree);
  const excluded = [...NEVER_COMMITTED, ...(args.exclude ?? []).map(validateRelativePath)];
  await runGit({ cwd: top, args: ['add', '--all', '--', '.'] });
  // Normally ignored (info/exclude), but an agent may have staged them or the ignore rule may be
  // missing: put them back as they are in HEAD. (Exclude pathspecs fail on ignored folders.)
  await runGit({ cwd: top, args: ['reset', '--quiet', 'HEAD', '--', ...excluded.map((path) => `:(literal)${path}`)] });
  const diff = ['diff', '--cached', '--quiet'];
  const staged = await runGit({ cwd: top, args: diff, allowFailure: true });
  if (staged.exitCode === 0) return null;
  if (staged.exitCode !== 1) throw new GitError({ args: diff, cwd: top, exitCode: staged.exitCode, stderr: staged.stderr });
  const message = args.message.trim() || 'nx-stories: save the work left in the story worktree';
  await runGit({ cwd: top, args: ['commit', '--quiet', '--no-verify', '-m', message], env: await commitIdentityEnv(top) });
  return gitText({ cwd: top, args: ['rev-parse', 'HEAD'] });
}
