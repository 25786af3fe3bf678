/**
 * Linux process inspection for the reliability tests: which processes are in a group, which ones
 * work inside a folder (agents left behind by a killed orchestrator), how much memory they hold.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Fields of `/proc/<pid>/stat` and `/proc/<pid>/status` the tests need. */
export interface ProcessStat {
  pid: number;
  state: string;
  ppid: number;
  pgid: number;
  rssKiB: number;
}

/** The process's stat, or undefined when it is gone. */
export function readProcessStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)/m.exec(status);
    return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), rssKiB: rss ? Number(rss[1]) : 0 };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

/** Live (non-zombie) members of process group `pgid`. */
export function processGroupMembers(pgid: number): number[] {
  return allPids().filter((pid) => {
    const stat = readProcessStat(pid);
    return stat !== undefined && stat.pgid === pgid && stat.state !== 'Z';
  });
}

/** Live processes whose working directory is `root` or inside it. */
export function processesWorkingIn(root: string): number[] {
  return allPids().filter((pid) => {
    if (pid === process.pid) return false;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const stat = readProcessStat(pid);
      return stat !== undefined && stat.state !== 'Z' && (cwd === root || cwd.startsWith(`${root}/`));
    } catch {
      return false;
    }
  });
}

/** SIGKILLs every process working inside `root` (a test's own leftovers); returns how many. */
export function killProcessesWorkingIn(root: string): number {
  const pids = processesWorkingIn(root);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return pids.length;
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passed; true when it held. */
export async function waitFor(condition: () => boolean, args: { timeoutMs: number; intervalMs?: number }): Promise<boolean> {
  const deadline = Date.now() + args.timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, args.intervalMs ?? 10));
  }
}
