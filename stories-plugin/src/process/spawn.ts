/**
 * Runs one external process the way agents must be run: an argument array (never a shell
 * string), its own process group, a timeout that kills the whole group, everything it prints
 * appended to a log file, and only a bounded tail of its output in memory.
 *
 * Leftovers: when the process exits normally but members of its group are still running (a dev
 * server or watcher it started in the background), they are terminated too, and the log says
 * so. An agent run owns everything it started; nothing outlives it.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { StoriesError } from '../errors';
import { groupRecordFile, removeGroupRecord, writeGroupRecord } from './group-record';
import { openLogSink } from './log-sink';
import { createOutputCollector } from './output-tail';
import { processGroupMembers, terminateProcessGroup, trackProcessGroup, untrackProcessGroup } from './process-group';

/** Default bound of the stdout tail kept in memory. */
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Default bound of the stderr tail kept in memory. */
export const DEFAULT_MAX_STDERR_BYTES = 256 * 1024;
/** Default cap of what one run may append to its log file. */
export const DEFAULT_MAX_LOG_BYTES = 200 * 1024 * 1024;
/** Default pause between SIGTERM and SIGKILL. */
export const DEFAULT_KILL_GRACE_MS = 3000;

/** What to run and how. */
export interface RunProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  /** The complete environment of the child (nothing of ours is added). */
  env: Record<string, string>;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  stdin?: string;
  /** Appended to (folder created); receives stdout and stderr as they come, plus our notes. */
  logFile: string;
  /** After this many seconds the whole process group is terminated. */
  timeoutSeconds: number;
  /** Bound of the stdout tail kept in memory (default 4 MiB). */
  maxOutputBytes?: number;
  /** Bound of the stderr tail kept in memory (default 256 KiB). */
  maxStderrBytes?: number;
  /** Cap of the output appended to the log (default 200 MiB); the tail is still appended at the end. */
  maxLogBytes?: number;
  /** Pause between SIGTERM and SIGKILL (default 3 s). */
  killGraceMs?: number;
  /** Decides which complete stdout lines are worth memory (all are logged). */
  keepStdoutLine?: (line: string) => boolean;
  /** Masks secrets in what goes to the log. */
  redact?: (text: string) => string;
}

/** How the run ended. */
export interface RunProcessResult {
  /** Exit code, or null when killed by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The tail of stdout (see `maxOutputBytes`, `keepStdoutLine`). */
  stdout: string;
  /** The tail of stderr. */
  stderr: string;
  /** True when `stdout` does not hold everything printed. */
  stdoutTruncated: boolean;
  durationMs: number;
  /** Set when the process could not be started (`command not found: claude`). */
  spawnError?: string;
  /** True when members of the group were still running after the main process exited. */
  leftoversKilled: boolean;
  /** The child's pid, which is also its process group id (undefined when never started). */
  pid?: number;
}

/** Runs a process to its end (or its timeout). Rejects only for invalid options. */
export async function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  validate(options);
  const started = Date.now();
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const log = openLogSink({
    file: options.logFile,
    maxBytes: options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES,
    redact: options.redact,
  });
  const stdout = createOutputCollector({
    limitBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    keepLine: options.keepStdoutLine,
  });
  const stderr = createOutputCollector({ limitBytes: options.maxStderrBytes ?? DEFAULT_MAX_STDERR_BYTES });
  log.note(`$ ${[options.command, ...options.args].map(displayArg).join(' ')}  (cwd ${options.cwd}, timeout ${options.timeoutSeconds} s)`);

  const finish = (result: Omit<RunProcessResult, 'stdout' | 'stderr' | 'stdoutTruncated' | 'durationMs'>): RunProcessResult => {
    stdout.end();
    stderr.end();
    const durationMs = Date.now() - started;
    const full: RunProcessResult = {
      ...result,
      stdout: stdout.text(),
      stderr: stderr.text(),
      stdoutTruncated: stdout.truncated,
      durationMs,
    };
    log.note(describeEnd(full, options.timeoutSeconds));
    log.close({ tail: `${full.stdout}\n${full.stderr}` });
    return full;
  };

  const cwdProblem = checkDirectory(options.cwd);
  if (cwdProblem) return finish({ exitCode: null, signal: null, timedOut: false, spawnError: cwdProblem, leftoversKilled: false });

  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });

  return new Promise<RunProcessResult>((resolve) => {
    let settled = false;
    let timedOut = false;
    let leftoversKilled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let stopping: Promise<unknown> = Promise.resolve();
    let fallback: NodeJS.Timeout | undefined;
    const pgid = child.pid;
    const recordFile = groupRecordFile(options.logFile);
    if (pgid !== undefined) {
      trackProcessGroup(pgid);
      // Survives a SIGKILL of this process, so the next run can reap the group (group-record.ts).
      writeGroupRecord({ file: recordFile, pgid });
      log.note(`started pid ${pgid} (leader of its own process group)`);
    }

    const settle = (result: Omit<RunProcessResult, 'stdout' | 'stderr' | 'stdoutTruncated' | 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(fallback);
      if (pgid !== undefined) {
        untrackProcessGroup(pgid);
        removeGroupRecord(recordFile);
      }
      resolve(finish({ ...result, pid: pgid }));
    };

    const writeStdout = log.stream();
    const writeStderr = log.stream();
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      writeStdout(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      writeStderr(chunk);
    });
    if (child.stdin) {
      // A child that never reads stdin closes it early: that EPIPE is not our failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }

    const timer = setTimeout(() => {
      if (pgid === undefined || exit) return;
      timedOut = true;
      log.note(`timed out after ${options.timeoutSeconds} s: terminating process group ${pgid}`);
      stopping = terminateProcessGroup({ pgid, graceMs });
    }, options.timeoutSeconds * 1000);

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (pgid !== undefined && !exit) return; // an I/O error on a running child: 'exit' still comes
      settle({ exitCode: null, signal: null, timedOut, spawnError: describeSpawnError(error, options.command), leftoversKilled });
    });

    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (pgid === undefined) return;
      if (!timedOut && processGroupMembers(pgid).length > 0) {
        leftoversKilled = true;
        log.note(`the process exited but left processes running in its group ${pgid}: terminating them`);
        stopping = terminateProcessGroup({ pgid, graceMs });
      }
      // Streams close once every holder of the pipes is gone; a process that escaped the group
      // could hold them forever, so stop waiting a little after the group is dealt with.
      void stopping.then(() => {
        if (settled) return;
        fallback = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          settle({ exitCode: code, signal, timedOut, leftoversKilled });
        }, graceMs);
      });
    });

    child.on('close', () => {
      void stopping.then(() => {
        const code = exit?.code ?? child.exitCode;
        const signal = exit?.signal ?? child.signalCode;
        settle({ exitCode: code, signal, timedOut, leftoversKilled });
      });
    });
  });
}

function validate(options: RunProcessOptions): void {
  if (!options.command) {
    throw new StoriesError({ code: 'CONFIG_INVALID', message: 'runProcess: no command given' });
  }
  if (!(options.timeoutSeconds > 0) || !Number.isFinite(options.timeoutSeconds)) {
    throw new StoriesError({
      code: 'CONFIG_INVALID',
      message: `timeout must be a positive number of seconds, got ${String(options.timeoutSeconds)}`,
      hint: 'Set agentTimeoutSeconds (or an agent\'s timeoutSeconds) to a number above 0.',
    });
  }
}

function checkDirectory(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? undefined : `working directory ${path} is not a directory`;
  } catch {
    return `working directory ${path} does not exist`;
  }
}

function describeSpawnError(error: NodeJS.ErrnoException, command: string): string {
  if (error.code === 'ENOENT') return `command not found: ${command}`;
  if (error.code === 'EACCES') return `permission denied running ${command} (not executable?)`;
  return `could not start ${command}: ${error.message}`;
}

function describeEnd(result: RunProcessResult, timeoutSeconds: number): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (result.spawnError) return `not started: ${result.spawnError}`;
  if (result.timedOut) return `timed out after ${timeoutSeconds} s (process group terminated)`;
  if (result.signal) return `killed by ${result.signal} after ${seconds} s`;
  return `exit code ${result.exitCode} after ${seconds} s`;
}

/** Long arguments (a prompt, a schema) are shortened in the log line; quotes show boundaries. */
function displayArg(arg: string): string {
  const short = arg.length > 160 ? `${arg.slice(0, 157)}...` : arg;
  return /^[\w@%+=:,./-]+$/.test(short) ? short : JSON.stringify(short);
}
