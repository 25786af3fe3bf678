/**
 * Moving a branch that is checked out (the user's working tree, typically) without touching the
 * user's uncommitted work. The checkout's own `index.lock` is held for the whole move, so a user's
 * `git commit` cannot interleave (it would record the old index on the new commit and silently
 * revert the merge); files are updated through a temporary index and the real index is replaced
 * only once the branch has moved.
 */
import { closeSync, copyFileSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoriesError } from '../errors';
import { currentOwner, isOwnerDead, parseOwner } from '../lock/owner';
import { isUnmerged, overlappingPaths, parseStatus, PathChange, pathsInRefusal } from './parse';
import { GitError, gitText, runGit } from './run-git';

/** The held index lock of a checkout and the files it guards. */
export interface CheckoutLock {
  /** Worktree folder where the branch is checked out. */
  path: string;
  /** That worktree's git dir (`.git` or `.git/worktrees/<name>`). */
  gitDir: string;
  indexPath: string;
  /** Scratch index where the merged paths are prepared. */
  tempIndexPath: string;
}

/** Waiting longer than this for the user's git to let go of `index.lock` is an error. */
export const INDEX_LOCK_TIMEOUT_MS = 30_000;
const OWNER_FILE = 'nx-stories-index-lock.json';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** An `index.lock` that nx-stories created and whose process is gone may be removed; any other is the user's. */
function isOurDeadLock(lockPath: string, ownerPath: string): boolean {
  try {
    const text = readFileSync(ownerPath, 'utf8');
    const owner = parseOwner(text);
    return !!owner && isOwnerDead(owner) && (JSON.parse(text) as { ino?: number }).ino === statSync(lockPath).ino;
  } catch {
    return false;
  }
}

/** Runs `work` holding `index.lock` of the worktree at `checkoutPath`; always releases it. */
export async function withCheckoutIndexLock<T>(checkoutPath: string, work: (lock: CheckoutLock) => Promise<T>, timeoutMs = INDEX_LOCK_TIMEOUT_MS): Promise<T> {
  const indexPath = await gitText({ cwd: checkoutPath, args: ['rev-parse', '--path-format=absolute', '--git-path', 'index'] });
  const gitDir = dirname(indexPath);
  const lock: CheckoutLock = { path: checkoutPath, gitDir, indexPath, tempIndexPath: join(gitDir, 'nx-stories-index.tmp') };
  const lockPath = `${indexPath}.lock`;
  const ownerPath = join(gitDir, OWNER_FILE);
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isOurDeadLock(lockPath, ownerPath)) {
      unlinkQuietly(lockPath);
      continue;
    }
    if (Date.now() > deadline) {
      throw new StoriesError({
        code: 'GIT_FAILED',
        message: `${lockPath} exists: another git command is working in ${checkoutPath}.`,
        hint: 'Wait for it to finish (an open commit message editor holds it too). If no git command runs there, a killed git left the file: delete it and run again.',
      });
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 500);
  }
  const ino = statSync(lockPath).ino;
  writeFileSync(ownerPath, JSON.stringify({ ...currentOwner(String(ino), 'merge into checked-out branch'), ino }));
  // Only a holder of index.lock uses the scratch index: a lock on it is a killed git's.
  unlinkQuietly(`${lock.tempIndexPath}.lock`);
  try {
    return await work(lock);
  } finally {
    unlinkQuietly(lock.tempIndexPath);
    unlinkQuietly(`${lock.tempIndexPath}.lock`);
    if (existsSync(lockPath) && statSync(lockPath).ino === ino) unlinkQuietly(lockPath);
    unlinkQuietly(ownerPath);
  }
}

function userChangesError(args: { checkout: string; message: string; paths: string[]; hint?: string }): StoriesError {
  return new StoriesError({
    code: 'USER_CHANGES',
    message: [`${args.message} (${args.checkout}):`, ...args.paths.map((path) => `  - ${path}`)].join('\n'),
    hint: args.hint ?? 'Commit or stash these changes, then run again; nothing was changed.',
    problems: args.paths.map((file) => ({ file, message: 'uncommitted change that the merge would overwrite' })),
  });
}

/** Git operations a user may have half-done in a worktree; moving its branch under them would confuse them. */
const IN_PROGRESS_MARKERS = ['MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'rebase-merge', 'rebase-apply'];

/** `USER_CHANGES` when a rebase of `branch` is under way in any worktree (its HEAD is then detached). */
export function assertNoRebaseOf(args: { commonDir: string; branch: string }): void {
  const worktreesDir = join(args.commonDir, 'worktrees');
  const gitDirs = [args.commonDir, ...(existsSync(worktreesDir) ? readdirSync(worktreesDir).map((name) => join(worktreesDir, name)) : [])];
  for (const gitDir of gitDirs) {
    for (const marker of ['rebase-merge', 'rebase-apply']) {
      const headName = join(gitDir, marker, 'head-name');
      if (existsSync(headName) && readFileSync(headName, 'utf8').trim() === `refs/heads/${args.branch}`) {
        throw userChangesError({ checkout: gitDir, message: `A rebase of ${args.branch} is in progress`, paths: [], hint: 'Finish or abort the rebase, then run again.' });
      }
    }
  }
}

/**
 * True when something on disk (an ignored file, typically) sits where the merge adds `path`, or
 * where a parent folder of it must go. git treats ignored files as expendable; we do not.
 */
function occupiedOnDisk(args: { root: string; path: string; deleted: ReadonlySet<string> }): boolean {
  const kind = (relative: string) => {
    try {
      return lstatSync(join(args.root, relative));
    } catch {
      return undefined;
    }
  };
  if (kind(args.path)) return true;
  const parts = args.path.split('/');
  return parts.slice(1).some((_, i) => {
    const folder = parts.slice(0, i + 1).join('/');
    const found = kind(folder);
    return !!found && !found.isDirectory() && !args.deleted.has(folder);
  });
}

/**
 * `USER_CHANGES` when the checkout has a git operation in progress, unresolved conflicts,
 * uncommitted changes (modified, staged or untracked) in any path the merge changes, or an
 * ignored file where the merge adds one.
 */
export async function assertNoUserOverlap(args: { lock: CheckoutLock; changes: PathChange[] }): Promise<void> {
  const { lock } = args;
  const mergedPaths = args.changes.map((change) => change.path);
  const pending = IN_PROGRESS_MARKERS.filter((marker) => existsSync(join(lock.gitDir, marker)));
  if (pending.length > 0) {
    throw userChangesError({ checkout: lock.path, message: `A git operation is in progress (${pending.join(', ')})`, paths: [], hint: 'Finish or abort it, then run again.' });
  }
  const status = parseStatus(
    await gitText({ cwd: lock.path, args: ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'] }),
  );
  const unmerged = status.filter(isUnmerged).map((entry) => entry.path);
  if (unmerged.length > 0) throw userChangesError({ checkout: lock.path, message: 'Unresolved conflicts are in the working tree', paths: unmerged });
  const overlap = overlappingPaths(status.map((entry) => entry.path), mergedPaths);
  if (overlap.length > 0) throw userChangesError({ checkout: lock.path, message: 'The merge changes files that have uncommitted changes', paths: overlap });
  const deleted = new Set(args.changes.filter((change) => change.status === 'D').map((change) => change.path));
  const inTheWay = args.changes.filter((change) => change.status === 'A' && occupiedOnDisk({ root: lock.path, path: change.path, deleted }));
  if (inTheWay.length > 0) {
    throw userChangesError({ checkout: lock.path, message: 'The merge adds files where untracked (ignored) files exist', paths: inTheWay.map((change) => change.path) });
  }
}

/** Files of the checkout moved from `from` to `to`, the real index not yet replaced. */
export interface PreparedCheckout {
  /** Replaces the real index with the prepared one: call once the branch has moved. */
  install(): void;
  /** Puts the merged files back as they were in `from` (the branch did not move). */
  revert(): Promise<void>;
}

/**
 * Updates the files of exactly the paths that differ between `from` and `to` (`git read-tree -m -u`,
 * which keeps unrelated local changes and refuses to overwrite local ones) through a copy of the index.
 */
export async function prepareCheckout(args: { lock: CheckoutLock; from: string; to: string }): Promise<PreparedCheckout> {
  const { lock, from, to } = args;
  if (!existsSync(lock.indexPath)) {
    throw new StoriesError({ code: 'GIT_FAILED', message: `${lock.path} has no index file; cannot update its files safely.`, hint: 'Run `git status` there once, then run again.' });
  }
  copyFileSync(lock.indexPath, lock.tempIndexPath);
  const env = { GIT_INDEX_FILE: lock.tempIndexPath };
  // read-tree judges "local changes" by stat data alone: a file rewritten with the same content
  // (by a reverted merge, an editor, a touch) would be refused as modified. Refresh first, as
  // git's own merge and checkout do; exit 1 just means some files really are modified.
  await runGit({ cwd: lock.path, args: ['update-index', '-q', '--refresh'], env, allowFailure: true });
  const readTree = ['read-tree', '-m', '-u', from, to];
  const result = await runGit({ cwd: lock.path, args: readTree, env, allowFailure: true });
  if (result.exitCode !== 0) {
    const paths = pathsInRefusal(result.stderr);
    if (paths.length > 0) throw userChangesError({ checkout: lock.path, message: 'The merge would overwrite local changes', paths });
    throw new GitError({ args: readTree, cwd: lock.path, exitCode: result.exitCode, stderr: result.stderr });
  }
  return {
    install: () => renameSync(lock.tempIndexPath, lock.indexPath),
    revert: async () => {
      await runGit({ cwd: lock.path, args: ['read-tree', '-m', '-u', to, from], env });
    },
  };
}
