/** Path checks on worktrees that need the disk (symlinks, index files). */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertInsideWorktrees } from './names';
import { runGit } from './run-git';

function realOrResolved(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** True when both paths name the same folder (symlinks resolved where the folders exist). */
export function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b) || realOrResolved(a) === realOrResolved(b);
}

/** True when `path` is a direct child of `<repoRoot>/.worktrees/`, literally or after resolving symlinks. */
export function isInsideWorktrees(args: { repoRoot: string; path: string }): boolean {
  const attempts = [args, { repoRoot: realOrResolved(args.repoRoot), path: realOrResolved(args.path) }];
  return attempts.some((attempt) => {
    try {
      assertInsideWorktrees(attempt);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * True when the worktree's folder, HEAD and index all exist. A worktree whose creation was
 * interrupted has no index: staging in it would record every file as deleted.
 */
export async function isUsableWorktree(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  const head = await runGit({ cwd: path, args: ['rev-parse', '--verify', '--quiet', 'HEAD'], allowFailure: true });
  if (head.exitCode !== 0) return false;
  const index = await runGit({ cwd: path, args: ['rev-parse', '--path-format=absolute', '--git-path', 'index'], allowFailure: true });
  return index.exitCode === 0 && existsSync(index.stdout.trim());
}
