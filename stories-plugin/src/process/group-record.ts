/**
 * Agents outliving a killed orchestrator. Every agent leads its own process group, so when the
 * orchestrator is SIGKILLed (OOM killer, closed laptop lid, `kill -9`) its agents go on editing a
 * worktree that the next run will reuse: two agents in one worktree. So while a process runs, a
 * small record beside its log names its group and the process that started it; whoever takes the
 * story over later reaps the groups whose starter is gone.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPidGone, processStartTime } from '../lock/owner';
import { processGroupMembers, terminateProcessGroup } from './process-group';

/** Record files end with this. */
export const GROUP_RECORD_SUFFIX = '.group.json';

/** Who runs in a recorded group, and who started it. */
interface GroupRecord {
  pgid: number;
  /** Kernel start time of the group leader, against pid reuse. */
  leaderStart?: string;
  starter: { pid: number; start?: string };
}

/** The record file of a run logging to `logFile`. */
export function groupRecordFile(logFile: string): string {
  return `${logFile}${GROUP_RECORD_SUFFIX}`;
}

/** Records that this process started group `pgid` (call right after spawning its leader). */
export function writeGroupRecord(args: { file: string; pgid: number }): void {
  const record: GroupRecord = {
    pgid: args.pgid,
    leaderStart: processStartTime(args.pgid),
    starter: { pid: process.pid, start: processStartTime(process.pid) },
  };
  writeFileSync(args.file, JSON.stringify(record));
}

/** Removes the record once the group is gone. */
export function removeGroupRecord(file: string): void {
  rmSync(file, { force: true });
}

function isRunning(pid: number, start: string | undefined): boolean {
  if (isPidGone(pid)) return false; // a zombie starter (killed, not yet reaped) starts nothing more
  const now = processStartTime(pid);
  return now !== undefined && (start === undefined || now === start);
}

/**
 * Terminates every group recorded in `dir` whose starter is gone but whose members still run,
 * and drops records of groups that are gone. Returns the group ids it terminated.
 */
export async function reapOrphanedGroups(args: { dir: string; graceMs?: number }): Promise<number[]> {
  let names: string[];
  try {
    names = readdirSync(args.dir).filter((name) => name.endsWith(GROUP_RECORD_SUFFIX));
  } catch {
    return [];
  }
  const reaped: number[] = [];
  for (const name of names) {
    const file = join(args.dir, name);
    let record: GroupRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as GroupRecord;
    } catch {
      removeGroupRecord(file); // torn by a starter killed while writing it
      continue;
    }
    if (isRunning(record.starter.pid, record.starter.start)) continue;
    // A group id is not reused while any member lives: members of `pgid` are the agent's.
    const leaderNow = processStartTime(record.pgid);
    const leaderReplaced = record.leaderStart !== undefined && leaderNow !== undefined && leaderNow !== record.leaderStart;
    if (!leaderReplaced && processGroupMembers(record.pgid).length > 0) {
      await terminateProcessGroup({ pgid: record.pgid, graceMs: args.graceMs ?? 2000 });
      reaped.push(record.pgid);
    }
    removeGroupRecord(file);
  }
  return reaped;
}
