/**
 * The one cross-process lock of a repository's administrative state. Parallel `git worktree add`,
 * `worktree remove/prune`, branch creation/renaming/deletion, config writes and merges into the
 * base race on `.git/config`, `.git/worktrees/*` and the base ref; every such operation of
 * nx-stories runs inside {@link withRepoLock}. Commits inside a story's own worktree do not.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { withFileLock } from '../lock';
import { hasPendingCleanup, removeLocksOfDeadHolder } from './dead-holder-locks';
import { removeAbandonedCommondirs } from './interrupted-add';
import { gitText } from './run-git';

/** Lock file name inside the git common dir. */
export const REPO_LOCK_FILE = 'nx-stories.lock';
/** Waiting longer than this for the repository lock is an error (a `worktree add` of a big repository is slow). */
export const REPO_LOCK_TIMEOUT_MS = 15 * 60_000;
/** A live holder is never taken over before this; a dead one is taken over at once. */
export const REPO_LOCK_STALE_MS = 60 * 60_000;

const commonDirs = new Map<string, string>();
const heldLocks = new AsyncLocalStorage<ReadonlySet<string>>();

/** Absolute, symlink-free `git rev-parse --git-common-dir` of the repository at `repoRoot` (cached). */
export async function gitCommonDir(repoRoot: string): Promise<string> {
  const key = resolve(repoRoot);
  let dir = commonDirs.get(key);
  if (!dir) {
    const printed = await gitText({ cwd: key, args: ['rev-parse', '--path-format=absolute', '--git-common-dir'] });
    dir = realpathSync(printed);
    commonDirs.set(key, dir);
  }
  return dir;
}

/** `<git-common-dir>/nx-stories.lock`, the same file from every worktree of the repository. */
export async function repoLockPath(repoRoot: string): Promise<string> {
  return join(await gitCommonDir(repoRoot), REPO_LOCK_FILE);
}

/**
 * Runs `work` holding the repository lock. Re-entrant within one async call chain (an operation
 * that holds it may call another that takes it); concurrent calls, in this process or others, wait.
 */
export async function withRepoLock<T>(
  args: { repoRoot: string; purpose: string; timeoutMs?: number },
  work: () => Promise<T> | T,
): Promise<T> {
  const lockPath = await repoLockPath(args.repoRoot);
  const held = heldLocks.getStore();
  if (held?.has(lockPath)) return work();
  const inner = new Set(held ?? []).add(lockPath);
  return withFileLock(
    { lockPath, purpose: args.purpose, timeoutMs: args.timeoutMs ?? REPO_LOCK_TIMEOUT_MS, staleMs: REPO_LOCK_STALE_MS },
    (lock) =>
      heldLocks.run(inner, async () => {
        // The holder this acquisition took the lock over from died holding it: its git commands may have left locks.
        const deadHolder = lock.tookOverFrom ? Date.parse(lock.tookOverFrom.acquiredAt) : undefined;
        if (deadHolder !== undefined || hasPendingCleanup(dirname(lockPath))) {
          await removeLocksOfDeadHolder({ commonDir: dirname(lockPath), since: Number.isNaN(deadHolder) ? undefined : deadHolder });
        }
        // Before any repository-admin command: an empty commondir makes most of them fail.
        removeAbandonedCommondirs(dirname(lockPath));
        return work();
      }),
  );
}
