/**
 * Lock files a killed git leaves in a story's own part of the repository: its branches' ref locks
 * (`refs/heads/story/<id>-*.lock`, from a branch created, committed to, renamed or deleted when
 * the process died) and the locks in its worktrees' admin folders (`index.lock`, `HEAD.lock`, and
 * the `locked` marker "initializing" of an interrupted `git worktree add`). git never removes
 * them, so without this every later run fails on them. Only call it for a story this process now
 * owns, after its orphaned agents were reaped: then nothing can be holding these locks.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseWorktreeDirName, STORY_BRANCH_PREFIX, validateStoryId } from './names';
import { gitCommonDir, withRepoLock } from './repo-lock';

/** git's marker of a worktree whose `git worktree add` has not finished. */
const INITIALIZING = 'initializing';

function lockFilesUnder(args: { dir: string; keep: (relativePath: string) => boolean; prefix?: string }): string[] {
  const { dir, keep, prefix = '' } = args;
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relativePath = `${prefix}${entry.name}`;
    if (entry.isDirectory()) found.push(...lockFilesUnder({ dir: join(dir, entry.name), keep, prefix: `${relativePath}/` }));
    else if (entry.name.endsWith('.lock') && keep(relativePath)) found.push(join(dir, entry.name));
  }
  return found;
}

/** Admin folders (`<common-dir>/worktrees/<name>`) of the story's worktrees, found through their `gitdir` files. */
function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0; // gone already
  }
}

function storyWorktreeAdminDirs(commonDir: string, storyId: string): string[] {
  const admin = join(commonDir, 'worktrees');
  if (!existsSync(admin)) return [];
  return readdirSync(admin)
    .map((name) => join(admin, name))
    .filter((dir) => {
      try {
        const worktree = dirname(readFileSync(join(dir, 'gitdir'), 'utf8').trim());
        return parseWorktreeDirName(basename(worktree))?.storyId === storyId;
      } catch {
        return parseWorktreeDirName(basename(dir))?.storyId === storyId;
      }
    });
}

/**
 * Removes the story's stale git lock files under the repository lock; returns the removed paths.
 * With `olderThanMs`, only files at least that old (for callers that do not own the story: no
 * live git keeps a ref or index lock for seconds).
 */
export async function clearStaleStoryLocks(args: { repoRoot: string; storyId: string; olderThanMs?: number }): Promise<string[]> {
  const storyId = validateStoryId(args.storyId);
  return withRepoLock({ repoRoot: args.repoRoot, purpose: `clear stale locks of story ${storyId}` }, async () => {
    const commonDir = await gitCommonDir(args.repoRoot);
    const branchPrefix = `${STORY_BRANCH_PREFIX}${storyId}-`;
    const stale = lockFilesUnder({ dir: join(commonDir, 'refs/heads', STORY_BRANCH_PREFIX), keep: (path) => `${STORY_BRANCH_PREFIX}${path}`.startsWith(branchPrefix) });
    for (const dir of storyWorktreeAdminDirs(commonDir, storyId)) {
      stale.push(...readdirSync(dir).filter((name) => name.endsWith('.lock')).map((name) => join(dir, name)));
      const marker = join(dir, 'locked');
      if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === INITIALIZING) stale.push(marker);
    }
    const removable = args.olderThanMs === undefined ? stale : stale.filter((path) => ageMs(path) >= (args.olderThanMs as number));
    for (const path of removable) rmSync(path, { force: true });
    return removable;
  });
}
