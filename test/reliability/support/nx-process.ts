/**
 * The real `nx` binary started asynchronously as the leader of its own process group, so a test
 * can SIGKILL the whole orchestrator (nx, its plugin workers and every task process) at once, the
 * way the OOM killer or a closed laptop would. Output is kept as a bounded tail in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../stories-plugin/src/testing/nx-workspace';
import { TEST_GIT_ENV } from '../../../stories-plugin/src/testing/git-repo';
import { processGroupMembers, readProcessStat } from './processes';

/** Keep at most this much of what nx prints. */
const OUTPUT_TAIL_CHARS = 256 * 1024;

/** How a started nx ended. */
export interface NxExit {
  status: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** Largest resident set (KiB) of a single process of the nx group seen while it ran. */
  peakRssKiB: number;
}

/** A running nx. */
export interface RunningNx {
  pid: number;
  /** Resolves when nx exited. */
  exited: Promise<NxExit>;
  /** SIGKILL to every process of nx's group; resolves once the group is empty. */
  killGroup(): Promise<void>;
  /** What nx printed so far (tail). */
  output(): string;
}

/** The environment every test nx runs with: no daemon, no cloud, no TUI, deterministic git. */
export function nxEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...TEST_GIT_ENV, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', ...extra };
}

/** Starts `nx <args>` in `cwd` as a process group leader; memory is sampled every `sampleMs`. */
export function startNx(args: { cwd: string; argv: string[]; env?: Record<string, string>; sampleMs?: number }): RunningNx {
  const child: ChildProcess = spawn(join(REPO_ROOT, 'node_modules/.bin/nx'), args.argv, {
    cwd: args.cwd,
    env: nxEnv(args.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid as number;
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_TAIL_CHARS * 2) output = output.slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let peakRssKiB = 0;
  const sampler = setInterval(() => {
    for (const member of processGroupMembers(pid)) peakRssKiB = Math.max(peakRssKiB, readProcessStat(member)?.rssKiB ?? 0);
  }, args.sampleMs ?? 250);
  const exited = new Promise<NxExit>((resolve) => {
    child.on('close', (status, signal) => {
      clearInterval(sampler);
      resolve({ status, signal, output: output.slice(-OUTPUT_TAIL_CHARS), peakRssKiB });
    });
  });
  return {
    pid,
    exited,
    output: () => output,
    async killGroup() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      await exited;
      // Members that were mid-fork when the signal came may linger for a moment.
      for (let i = 0; i < 100 && processGroupMembers(pid).length > 0; i++) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
        await new Promise((done) => setTimeout(done, 20));
      }
    },
  };
}

/** Runs nx to its end. */
export async function runNx(args: { cwd: string; argv: string[]; env?: Record<string, string> }): Promise<NxExit> {
  return startNx(args).exited;
}
