/**
 * A `git worktree add` killed while it wrote the worktree's admin files can leave
 * `<common-dir>/worktrees/<name>/commondir` empty, and from then on every `git worktree list`
 * fails ("failed to read .../commondir"), for every story and for the user. git writes that file
 * right after creating it, so one that stays empty for seconds belongs to a dead git; removing it
 * turns the entry into a registration git lists (with a HEAD pointing at nothing) and prunes.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** How long an empty `commondir` must have been empty before it is judged a dead git's. */
export const EMPTY_COMMONDIR_GRACE_MS = 2_000;

/** The `commondir` file git could not read, from a failed `git worktree list`'s message; undefined for another failure. */
export function unreadableCommondir(args: { stderr: string; cwd: string }): string | undefined {
  const match = /failed to read (.+\/worktrees\/[^/\n]+\/commondir)/.exec(args.stderr);
  if (!match) return undefined;
  return isAbsolute(match[1]) ? match[1] : join(args.cwd, match[1]);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Removes `path` when it is an empty `commondir` that stayed empty past the grace period; returns
 * whether it did. A file with content, or gone, is left to git.
 */
export async function removeAbandonedCommondir(path: string): Promise<boolean> {
  for (;;) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return false;
    }
    if (stat.size > 0) return false;
    const age = Date.now() - stat.mtimeMs;
    if (age >= EMPTY_COMMONDIR_GRACE_MS) {
      unlinkSync(path);
      return true;
    }
    await sleep(EMPTY_COMMONDIR_GRACE_MS - age + 50);
  }
}

/** Removes every `commondir` under `<commonDir>/worktrees/` that is empty and older than the grace period; returns them. */
export function removeAbandonedCommondirs(commonDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(commonDir, 'worktrees'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(commonDir, 'worktrees', name, 'commondir');
    try {
      const stat = statSync(path);
      if (stat.size === 0 && Date.now() - stat.mtimeMs >= EMPTY_COMMONDIR_GRACE_MS) {
        unlinkSync(path);
        removed.push(path);
      }
    } catch {
      // no such file: nothing to repair
    }
  }
  return removed;
}
