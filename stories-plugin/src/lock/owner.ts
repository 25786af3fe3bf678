import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lock: enough to tell, later and from another process, whether the holder still lives. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** Kernel start time of the process (Linux `/proc/<pid>/stat` field 22), guards against pid reuse. */
  processStart?: string;
  acquiredAt: string;
  /** Unique per acquisition, so a takeover can prove it removes the lock it judged stale. */
  token: string;
  /** Free text for humans reading the lock file (`merge 1.2`). */
  purpose?: string;
}

/** Fields 3 and on of `/proc/<pid>/stat`; undefined where there is no procfs or no such process. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Reads field 22 (starttime) of `/proc/<pid>/stat`; undefined where there is no procfs. */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** The owner record for this process. */
export function currentOwner(token: string, purpose?: string): LockOwner {
  return {
    pid: process.pid,
    hostname: hostname(),
    processStart: processStartTime(process.pid),
    acquiredAt: new Date().toISOString(),
    token,
    purpose,
  };
}

/**
 * True when the owner certainly no longer runs: same host and its pid is gone, or the pid now
 * belongs to a process started at another time. Owners on other hosts are never judged dead here.
 */
export function isOwnerDead(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return false;
  if (isPidGone(owner.pid)) return true;
  const start = statFields(owner.pid)?.[19];
  return owner.processStart !== undefined && start !== undefined && start !== owner.processStart;
}

/**
 * True when no process `pid` runs on this host: none exists, or it is a zombie (a killed process
 * whose parent died too stays one until init reaps it; it runs nothing).
 */
export function isPidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const state = statFields(pid)?.[0];
  return state === 'Z' || state === 'X';
}

/** Parses a lock file's text; undefined for a torn or foreign file. */
export function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as LockOwner;
    return typeof value.pid === 'number' && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
