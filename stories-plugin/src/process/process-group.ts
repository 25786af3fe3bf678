/**
 * Process groups: every agent leads its own group (spawned `detached`), so one signal to the
 * negative group id reaches the agent and everything it forked, however deep. This module
 * signals groups, tells whether one still has live members, and makes sure no group we started
 * outlives this process.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Sends `signal` to every member of the group; false when the group has no members left. */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * The pids of live (non-zombie) processes in the group. Linux reads `/proc`; elsewhere it can
 * only say whether the group exists, and answers `[pgid]` then.
 */
export function processGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalProcessGroup(pgid, 0) ? [pgid] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  const stat = readStat(pid);
  if (stat) return stat.state !== 'Z';
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the group is empty or `timeoutMs` passed; true when it is empty. */
export async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (processGroupMembers(pgid).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`.
 * Resolves with whether SIGKILL was needed.
 */
export async function terminateProcessGroup(args: { pgid: number; graceMs: number }): Promise<{ killed: boolean }> {
  const { pgid, graceMs } = args;
  if (!signalProcessGroup(pgid, 'SIGTERM')) return { killed: false };
  if (await waitForGroupExit(pgid, graceMs)) return { killed: false };
  signalProcessGroup(pgid, 'SIGKILL');
  await waitForGroupExit(pgid, 2000);
  return { killed: true };
}

const liveGroups = new Set<number>();
let reaperInstalled = false;
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Remembers a group we started until `untrackProcessGroup`. If this process exits or is stopped
 * by SIGINT/SIGTERM/SIGHUP first, every tracked group gets SIGKILL: detached agents do not see
 * the terminal's Ctrl-C, and an orphaned agent would go on editing a worktree nobody watches.
 */
export function trackProcessGroup(pgid: number): void {
  liveGroups.add(pgid);
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.on('exit', killTrackedGroups);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onTerminatingSignal);
}

/** Forgets a group whose members are all gone. */
export function untrackProcessGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

function killTrackedGroups(): void {
  for (const pgid of liveGroups) signalProcessGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

function onTerminatingSignal(signal: NodeJS.Signals): void {
  killTrackedGroups();
  // Our listener replaced Node's default "exit on this signal"; restore it when nobody else
  // listens, so the process still stops as the sender intended.
  process.removeListener(signal, onTerminatingSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function readStat(pid: number): { state: string; pgid: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], pgid: Number(fields[2]) };
}
