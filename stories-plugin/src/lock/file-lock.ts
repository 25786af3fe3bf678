import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoriesError } from '../errors';
import { currentOwner, isOwnerDead, LockOwner, parseOwner } from './owner';

/** Options of a cross-process lock held as an exclusively created file. */
export interface FileLockOptions {
  /** The lock file, e.g. `<git-common-dir>/nx-stories.lock`. */
  lockPath: string;
  /** Give up with `LOCK_TIMEOUT` after this long. Default 120 s. */
  timeoutMs?: number;
  /**
   * A lock older than this whose holder cannot be checked (another host, unreadable file) is
   * taken over. A holder on this host that is gone is taken over at once. Default 10 min.
   */
  staleMs?: number;
  /** Shown in the lock file and in timeout messages. */
  purpose?: string;
}

/** A held lock; `release` is idempotent. */
export interface HeldLock {
  owner: LockOwner;
  /** The stale holder whose lock file this acquisition removed, if it took the lock over. */
  tookOverFrom?: LockOwner;
  release(): void;
}

/** A lock file that is being written has no content for a moment: never judge it before this. */
const TORN_GRACE_MS = 2_000;
/** The takeover guard only covers a few file operations; a guard older than this was abandoned. */
const TAKEOVER_STALE_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tryCreate(lockPath: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(lockPath: string): { owner?: LockOwner; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(lockPath).mtimeMs;
    return { owner: parseOwner(readFileSync(lockPath, 'utf8')), ageMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(lock: { owner?: LockOwner; ageMs: number }, staleMs: number): boolean {
  if (!lock.owner) return lock.ageMs > TORN_GRACE_MS;
  return isOwnerDead(lock.owner) || lock.ageMs > staleMs;
}

/**
 * Removes a stale lock without ever removing a live one: contenders first take a small takeover
 * guard, then check that the lock is still the very one judged stale (same token) before unlinking.
 */
function takeOver(lockPath: string, judged: { owner?: LockOwner }, staleMs: number): boolean {
  const guardPath = `${lockPath}.takeover`;
  const guardOwner = currentOwner(randomUUID(), 'takeover');
  if (!tryCreate(guardPath, guardOwner)) {
    const guard = readLock(guardPath);
    if (guard && (guard.ageMs > TAKEOVER_STALE_MS || (guard.owner && isOwnerDead(guard.owner)))) {
      unlinkQuietly(guardPath);
    }
    return false;
  }
  try {
    const current = readLock(lockPath);
    if (current && current.owner?.token === judged.owner?.token && isStale(current, staleMs)) {
      unlinkQuietly(lockPath);
      return true;
    }
    return false;
  } finally {
    unlinkQuietly(guardPath);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Removes the lock file at `lockPath` when its holder is gone (or the lock is older than
 * `staleMs`), the safe way a contender would; a takeover guard of a gone process goes too. For
 * tidying up after a killed run without waiting for the next contender. Returns what it removed.
 */
export function removeLockIfStale(args: { lockPath: string; staleMs: number }): string[] {
  const removed: string[] = [];
  const guardPath = `${args.lockPath}.takeover`;
  const guard = readLock(guardPath);
  if (guard?.owner && isOwnerDead(guard.owner)) {
    unlinkQuietly(guardPath);
    removed.push(guardPath);
  }
  const existing = readLock(args.lockPath);
  if (existing && isStale(existing, args.staleMs) && takeOver(args.lockPath, existing, args.staleMs)) removed.push(args.lockPath);
  return removed;
}

/** Takes the lock, waiting (with jittered backoff) while a live holder has it. */
export async function acquireFileLock(options: FileLockOptions): Promise<HeldLock> {
  const { lockPath, timeoutMs = 120_000, staleMs = 600_000, purpose } = options;
  mkdirSync(dirname(lockPath), { recursive: true });
  const owner = currentOwner(randomUUID(), purpose);
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  let tookOverFrom: LockOwner | undefined;
  for (;;) {
    if (tryCreate(lockPath, owner)) {
      let released = false;
      return {
        owner,
        ...(tookOverFrom ? { tookOverFrom } : {}),
        release() {
          if (released) return;
          released = true;
          const current = readLock(lockPath);
          if (current?.owner?.token === owner.token) unlinkQuietly(lockPath);
        },
      };
    }
    const existing = readLock(lockPath);
    if (existing && isStale(existing, staleMs)) {
      if (takeOver(lockPath, existing, staleMs)) tookOverFrom = existing.owner;
      continue;
    }
    if (Date.now() > deadline) {
      const holder = existing?.owner;
      throw new StoriesError({
        code: 'LOCK_TIMEOUT',
        message: `Could not take the lock ${lockPath} within ${Math.round(timeoutMs / 1000)} s${
          holder ? `: held by pid ${holder.pid} on ${holder.hostname} since ${holder.acquiredAt}${holder.purpose ? ` (${holder.purpose})` : ''}` : ''
        }.`,
        hint: 'If that process is stuck, stop it; a lock whose process is gone is taken over automatically.',
      });
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 200);
  }
}

/** Runs `work` while holding the lock; releases it however `work` ends. Not re-entrant. */
export async function withFileLock<T>(options: FileLockOptions, work: (lock: HeldLock) => Promise<T> | T): Promise<T> {
  const lock = await acquireFileLock(options);
  try {
    return await work(lock);
  } finally {
    lock.release();
  }
}
