/**
 * Processes that escaped their agent's process group (`setsid`, a dev server started with
 * `setsid npm run dev &`): the group kill cannot reach them, so after a run in a story worktree
 * they are found by what they still share with the run: they work inside its folder and were
 * started after it. Interactive processes (a person's shell in that folder has a terminal) and
 * processes older than the run are never touched. Linux only (`/proc`); elsewhere it finds none.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { processGroupMembers } from './process-group';

/** Clock ticks per second of `/proc/<pid>/stat` start times (USER_HZ, 100 on every Linux build in use). */
const TICKS_PER_SECOND = 100;

interface ProcInfo {
  pid: number;
  state: string;
  ppid: number;
  ttyNr: number;
  startTicks: number;
}

function readInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0], ppid: Number(fields[1]), ttyNr: Number(fields[4]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** Now, in the clock ticks since boot that `/proc/<pid>/stat` start times use; undefined without procfs. */
export function bootTicksNow(): number | undefined {
  try {
    return Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * TICKS_PER_SECOND);
  } catch {
    return undefined;
  }
}

function worksInside(pid: number, folder: string): boolean {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
    return cwd === folder || cwd.startsWith(`${folder}/`);
  } catch {
    return false;
  }
}

/** Live processes without a terminal, started at or after `sinceTicks`, working inside `folder`, not our own children. */
export function escapedProcesses(args: { folder: string; sinceTicks: number }): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .map((name) => readInfo(Number(name)))
    .filter((info): info is ProcInfo => info !== undefined && info.state !== 'Z' && info.ttyNr === 0 && info.startTicks >= args.sinceTicks && info.ppid !== process.pid)
    .filter((info) => worksInside(info.pid, args.folder))
    .map((info) => info.pid);
}

/** Terminates (SIGTERM, then SIGKILL after `graceMs`) the escaped processes of a run; returns their pids. */
export async function terminateEscapedProcesses(args: { folder: string; sinceTicks: number | undefined; graceMs?: number }): Promise<number[]> {
  if (args.sinceTicks === undefined) return [];
  const pids = escapedProcesses({ folder: args.folder, sinceTicks: args.sinceTicks });
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // gone meanwhile
    }
  };
  pids.forEach((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + (args.graceMs ?? 2000);
  let alive = pids;
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
    alive = alive.filter((pid) => { const info = readInfo(pid); return info !== undefined && info.state !== 'Z'; });
  }
  alive.forEach((pid) => signal(pid, 'SIGKILL'));
  // A leader of its own group (setsid) may have started more members: end them too.
  for (const pid of pids) for (const member of processGroupMembers(pid)) signal(member, 'SIGKILL');
  return pids;
}
