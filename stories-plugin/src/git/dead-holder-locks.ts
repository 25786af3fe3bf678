/**
 * Repository-wide git lock files that a git killed together with its nx-stories process leaves:
 * `packed-refs.lock` and `packed-refs.new` (every branch deletion takes them) and `config.lock`
 * (a branch rename). git
 * never removes them, and until someone does, every branch deletion (the user's too) fails. The
 * user's git takes them as well, so one is removed only when all of this holds: the previous
 * holder of the repository lock died, the file appeared after that holder took the lock, and it
 * has existed longer than any live git keeps it.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The lock files of the common dir that nx-stories' own git commands may leave (`.new`: the packed-refs being written). */
export const SHARED_GIT_LOCK_FILES = ['packed-refs.lock', 'packed-refs.new', 'config.lock'];
/** git waits 1 s for `packed-refs.lock` (core.packedRefsTimeout); a live holder is gone long before this. */
export const LIVE_GIT_LOCK_MS = 5_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Marks a cleanup under way with the time it covers from, so that when the cleaner dies too (it
 * may wait seconds) the next one still covers the first dead holder's locks.
 */
const PENDING_CLEANUP_FILE = 'nx-stories-lock-cleanup.json';

function pendingSince(commonDir: string): number | undefined {
  try {
    const since = (JSON.parse(readFileSync(join(commonDir, PENDING_CLEANUP_FILE), 'utf8')) as { since?: unknown }).since;
    return typeof since === 'number' ? since : undefined;
  } catch {
    return undefined;
  }
}

/** True when a cleanup was started and not finished (its process died). */
export function hasPendingCleanup(commonDir: string): boolean {
  return pendingSince(commonDir) !== undefined;
}

/**
 * Removes the shared lock files created since `since` (the dead holder's acquisition, or an
 * unfinished earlier cleanup's), waiting until each is older than {@link LIVE_GIT_LOCK_MS}. Call
 * holding the repository lock.
 */
export async function removeLocksOfDeadHolder(args: { commonDir: string; since: number | undefined }): Promise<string[]> {
  const pending = pendingSince(args.commonDir);
  const since = Math.min(args.since ?? Infinity, pending ?? Infinity);
  if (since === Infinity) return [];
  const marker = join(args.commonDir, PENDING_CLEANUP_FILE);
  writeFileSync(marker, JSON.stringify({ since }));
  const removed: string[] = [];
  for (const name of SHARED_GIT_LOCK_FILES) {
    const path = join(args.commonDir, name);
    for (;;) {
      let stat;
      try {
        stat = statSync(path);
      } catch {
        break; // none, or released meanwhile
      }
      if (stat.mtimeMs < since - 1000) break; // older than the dead holder's work: not its git's
      const age = Date.now() - stat.mtimeMs;
      if (age < LIVE_GIT_LOCK_MS) {
        await sleep(LIVE_GIT_LOCK_MS - age + 50);
        continue;
      }
      rmSync(path, { force: true });
      removed.push(path);
      break;
    }
  }
  rmSync(marker, { force: true });
  return removed;
}
