/**
 * Runs the workspace's own `nx` (never a global one): with its output in a log file while the
 * command draws progress, or passed through with `--verbose`. Argument arrays only.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoriesError } from '../errors';

/** How to start nx: an executable and the arguments before nx's own. */
export interface NxBinary {
  command: string;
  prefixArgs: string[];
  /** What the user sees, e.g. the path of `nx.js`. */
  display: string;
}

/**
 * The workspace's nx: `nx/bin/nx.js` resolved from the workspace root and run with this Node, else
 * `node_modules/.bin/nx`. `CONFIG_INVALID` when the workspace has no nx installed.
 */
export function resolveNxBinary(args: { workspaceRoot: string }): NxBinary {
  try {
    const script = require.resolve('nx/bin/nx.js', { paths: [args.workspaceRoot] });
    return { command: process.execPath, prefixArgs: [script], display: script };
  } catch {
    const bin = join(args.workspaceRoot, 'node_modules', '.bin', 'nx');
    if (existsSync(bin)) return { command: bin, prefixArgs: [], display: bin };
  }
  throw new StoriesError({
    code: 'CONFIG_INVALID',
    message: `nx is not installed in ${args.workspaceRoot}.`,
    hint: 'Install it in the workspace (npm install --save-dev nx), then run the command again.',
  });
}

/** A running nx process. */
export interface RunningNx {
  /** Resolves with nx's exit code (1 when it died of a signal). */
  exited: Promise<number>;
  /** Passes a signal on to nx (Ctrl-C on a terminal reaches it by itself). */
  signal(signal: NodeJS.Signals): void;
}

/**
 * Starts nx in the workspace. With `logFile` its stdout and stderr go there (created with its
 * folder); otherwise they are the command's own. The Nx terminal UI is off: it would fight the
 * progress view for the screen.
 */
export function startNx(args: { binary: NxBinary; workspaceRoot: string; args: readonly string[]; logFile?: string; env: NodeJS.ProcessEnv }): RunningNx {
  let logFd: number | undefined;
  if (args.logFile) {
    mkdirSync(dirname(args.logFile), { recursive: true });
    logFd = openSync(args.logFile, 'a');
  }
  const child = spawn(args.binary.command, [...args.binary.prefixArgs, ...args.args], {
    cwd: args.workspaceRoot,
    env: { ...args.env, NX_TUI: 'false' },
    stdio: logFd === undefined ? 'inherit' : ['ignore', logFd, logFd],
  });
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.once('error', (error) => {
      reject(new StoriesError({ code: 'CONFIG_INVALID', message: `nx could not be started (${args.binary.display}): ${error.message}` }));
    });
    child.once('close', (code) => resolvePromise(code ?? 1));
  }).finally(() => {
    if (logFd !== undefined) closeSync(logFd);
  });
  return {
    exited,
    signal(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
