/**
 * Crash safety of a merge into the base branch. Publishing a merge changes three things that git
 * cannot change together: the files of a checkout of the base, the base ref, and that checkout's
 * index. A process killed in between leaves the user's working tree showing the story's files as
 * their own uncommitted changes, and git's lock files on the ref, so every later merge fails.
 *
 * So before it touches any of them a merge writes a journal (`<git-common-dir>/nx-stories-merge.json`:
 * the ref, the commit it moves from, the merge commit it moves to, the checkout) and removes it
 * once all three agree again. A journal found by the next merge (under the repository lock, so its
 * writer is gone) is recovered: ref locks holding our merge commit (so provably the dead
 * process's) are removed, then the checkout's merged paths, files and index, are brought to what
 * the ref says now. A path holding neither side's content was changed by someone else: nothing is
 * touched and the merge stops with `USER_CHANGES`.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, lstatSync, openSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoriesError } from '../errors';
import { withCheckoutIndexLock, type CheckoutLock } from './checkout-update';
import { parseNameStatus } from './parse';
import { listWorktrees, resolveCommit } from './repo';
import { gitText, runGit } from './run-git';
import { samePath } from './worktree-paths';

/** The journal's file name in the git common dir. */
export const MERGE_JOURNAL_FILE = 'nx-stories-merge.json';
/** git writes a ref's lock and its HEAD's lock in one transaction: locks this close in time belong together. */
const SAME_TRANSACTION_MS = 10_000;
/** Paths per git invocation, so argument lists stay far below the system limit. */
const PATHS_PER_CALL = 200;

/** What a merge in flight is about to change. */
export interface MergeJournal {
  ref: string;
  from: string;
  to: string;
  /** The checkout of the base whose files and index the merge updates, if any. */
  checkout: { path: string; gitDir: string } | null;
}

const journalPath = (commonDir: string) => join(commonDir, MERGE_JOURNAL_FILE);

/** Writes the journal durably (temp file, fsync, rename) before the merge changes anything. */
export function writeMergeJournal(args: { commonDir: string; journal: MergeJournal }): void {
  const path = journalPath(args.commonDir);
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify({ ...args.journal, pid: process.pid, startedAt: new Date().toISOString() }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Removes the journal: files, ref and index agree again. */
export function clearMergeJournal(commonDir: string): void {
  rmSync(journalPath(commonDir), { force: true });
}

function readMergeJournal(commonDir: string): MergeJournal | undefined {
  try {
    const data = JSON.parse(readFileSync(journalPath(commonDir), 'utf8')) as MergeJournal;
    return typeof data.ref === 'string' && typeof data.from === 'string' && typeof data.to === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Removes the lock files a killed `update-ref` of this merge left: the ref's (it holds our commit) and HEAD's. */
function removeOwnRefLocks(commonDir: string, journal: MergeJournal): string[] {
  const refLock = join(commonDir, `${journal.ref}.lock`);
  const refLockTime = mtimeOf(refLock);
  if (refLockTime === undefined || readFileSync(refLock, 'utf8').trim() !== journal.to) return [];
  rmSync(refLock, { force: true });
  const removed = [refLock];
  const headLock = journal.checkout ? join(journal.checkout.gitDir, 'HEAD.lock') : undefined;
  const headLockTime = headLock ? mtimeOf(headLock) : undefined;
  if (headLock && headLockTime !== undefined && Math.abs(headLockTime - refLockTime) < SAME_TRANSACTION_MS) {
    const content = readFileSync(headLock, 'utf8').trim();
    if (content === '' || content === journal.to) {
      rmSync(headLock, { force: true });
      removed.push(headLock);
    }
  }
  return removed;
}

/** `path -> "mode blob"` of every file of `commit` among `paths`. */
async function treeEntries(args: { cwd: string; commit: string; paths: ReadonlySet<string> }): Promise<Map<string, { mode: string; blob: string }>> {
  const { cwd, commit, paths } = args;
  const entries = new Map<string, { mode: string; blob: string }>();
  const listing = await gitText({ cwd, args: ['ls-tree', '-r', '-z', '--full-tree', commit] });
  for (const line of listing.split('\0')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const path = line.slice(tab + 1);
    if (!paths.has(path)) continue;
    const [mode, , blob] = line.slice(0, tab).split(' ');
    entries.set(path, { mode, blob });
  }
  return entries;
}

/** The blob id each existing path of the checkout would be stored as; absent paths are missing from the map. */
async function currentBlobs(cwd: string, paths: readonly string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  const files: string[] = [];
  for (const path of paths) {
    let kind;
    try {
      kind = lstatSync(join(cwd, path));
    } catch {
      continue;
    }
    if (kind.isSymbolicLink()) blobs.set(path, `symlink:${readlinkSync(join(cwd, path))}`);
    else if (kind.isFile()) files.push(path);
    else blobs.set(path, 'not-a-file');
  }
  for (let i = 0; i < files.length; i += PATHS_PER_CALL) {
    const chunk = files.slice(i, i + PATHS_PER_CALL);
    const ids = (await gitText({ cwd, args: ['hash-object', '--', ...chunk] })).split('\n');
    chunk.forEach((path, index) => blobs.set(path, ids[index]));
  }
  return blobs;
}

/** What a tree entry looks like in `currentBlobs` terms (symlinks compare by their target text). */
async function expectedBlob(cwd: string, entry: { mode: string; blob: string } | undefined): Promise<string | undefined> {
  if (!entry) return undefined;
  if (entry.mode !== '120000') return entry.blob;
  return `symlink:${await gitText({ cwd, args: ['cat-file', 'blob', entry.blob] })}`;
}

/** Brings the merged paths of the checkout (files and index) to `target`; `USER_CHANGES` when a path holds other content. */
async function restoreCheckout(args: { lock: CheckoutLock; journal: MergeJournal; target: string }): Promise<string[]> {
  const { lock, journal, target } = args;
  const cwd = lock.path;
  const other = target === journal.to ? journal.from : journal.to;
  const paths = parseNameStatus(await gitText({ cwd, args: ['diff-tree', '-r', '-z', '--name-status', '--no-renames', journal.from, journal.to] })).map((change) => change.path);
  const wanted = new Set(paths);
  const [targetEntries, otherEntries, current] = await Promise.all([treeEntries({ cwd, commit: target, paths: wanted }), treeEntries({ cwd, commit: other, paths: wanted }), currentBlobs(cwd, paths)]);
  const toFix: string[] = [];
  const foreign: string[] = [];
  for (const path of paths) {
    const now = current.get(path);
    if (now === (await expectedBlob(cwd, targetEntries.get(path)))) continue;
    if (now === (await expectedBlob(cwd, otherEntries.get(path)))) toFix.push(path);
    else foreign.push(path);
  }
  if (foreign.length > 0) {
    throw new StoriesError({
      code: 'USER_CHANGES',
      message: [`A merge of nx-stories into ${journal.ref} was interrupted, and these files of ${cwd} now hold other changes:`, ...foreign.map((path) => `  - ${path}`)].join('\n'),
      hint: 'Commit or stash them, then run again; nothing was changed.',
      problems: foreign.map((file) => ({ file, message: 'changed after an interrupted merge' })),
    });
  }
  const env = { GIT_INDEX_FILE: lock.tempIndexPath };
  copyFileSync(lock.indexPath, lock.tempIndexPath);
  for (let i = 0; i < paths.length; i += PATHS_PER_CALL) {
    const chunk = paths.slice(i, i + PATHS_PER_CALL);
    const present = chunk.filter((path) => targetEntries.has(path));
    const absent = chunk.filter((path) => !targetEntries.has(path));
    const cacheInfo = present.flatMap((path) => ['--cacheinfo', `${targetEntries.get(path)!.mode},${targetEntries.get(path)!.blob},${path}`]);
    if (cacheInfo.length > 0) await runGit({ cwd, args: ['update-index', '--add', ...cacheInfo], env });
    if (absent.length > 0) await runGit({ cwd, args: ['update-index', '--force-remove', '--', ...absent], env });
  }
  const write = toFix.filter((path) => targetEntries.has(path));
  for (let i = 0; i < write.length; i += PATHS_PER_CALL) {
    await runGit({ cwd, args: ['checkout-index', '-f', '-u', '--', ...write.slice(i, i + PATHS_PER_CALL)], env });
  }
  for (const path of toFix.filter((candidate) => !targetEntries.has(candidate))) removeFileAndEmptyParents(cwd, path);
  await runGit({ cwd, args: ['update-index', '-q', '--refresh'], env, allowFailure: true });
  renameSync(lock.tempIndexPath, lock.indexPath);
  return toFix;
}

function removeFileAndEmptyParents(root: string, path: string): void {
  rmSync(join(root, path), { force: true });
  for (let folder = dirname(path); folder !== '.' && folder !== ''; folder = dirname(folder)) {
    try {
      rmdirSync(join(root, folder));
    } catch {
      return; // not empty (or gone): stop
    }
  }
}

/**
 * Recovers a merge whose process died (call under the repository lock, before merging). Returns
 * what it did, for the log, or undefined when there was nothing to recover.
 */
export async function recoverInterruptedMerge(args: { repoRoot: string; commonDir: string }): Promise<string | undefined> {
  const journal = readMergeJournal(args.commonDir);
  if (!journal) {
    rmSync(journalPath(args.commonDir), { force: true }); // unreadable: written by a process killed before its rename
    return undefined;
  }
  const removedLocks = removeOwnRefLocks(args.commonDir, journal);
  const now = await resolveCommit({ cwd: args.repoRoot, ref: journal.ref });
  const target = now === journal.to ? journal.to : now === journal.from ? journal.from : undefined;
  let restored: string[] = [];
  const checkout = journal.checkout;
  if (checkout && target && existsSync(checkout.path)) {
    const entry = (await listWorktrees(args.repoRoot)).find((worktree) => samePath(worktree.path, checkout.path));
    if (entry && `refs/heads/${entry.branch}` === journal.ref) {
      restored = await withCheckoutIndexLock(checkout.path, (lock) => restoreCheckout({ lock, journal, target }));
    }
  }
  clearMergeJournal(args.commonDir);
  const outcome = target === journal.to ? 'completed' : target === journal.from ? 'rolled back' : `left as found (${journal.ref} was moved by someone else)`;
  return `an interrupted merge into ${journal.ref} (${journal.to.slice(0, 12)}) was ${outcome}: ${removedLocks.length} lock file(s) removed, ${restored.length} file(s) of the checkout restored`;
}
