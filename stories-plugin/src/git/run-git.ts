/**
 * The one way nx-stories runs git: `execFile` with an argument array, a clean environment, and
 * bounded retries on git's own lock-file messages (git fails at once when another git holds
 * `index.lock` or `config.lock`; it never waits).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StoriesError } from '../errors';

/** Arguments of {@link runGit}. */
export interface RunGitOptions {
  /** Working directory of git (a worktree or the repository root). */
  cwd: string;
  /** Arguments after `git`; never a shell string. */
  args: readonly string[];
  /** Extra environment, on top of the cleaned inherited one; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Return a non-zero exit instead of throwing (lock messages are still retried first). */
  allowFailure?: boolean;
  /** Kill git after this long. Default 10 min. */
  timeoutMs?: number;
  /** Waits before each retry on a lock message. Default {@link LOCK_RETRY_DELAYS_MS}. */
  lockRetryDelaysMs?: readonly number[];
}

/** What a git command printed and how it ended. stdout is not trimmed (NUL-separated output). */
export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** `GIT_FAILED` with everything needed to understand the failure. */
export class GitError extends StoriesError {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly exitCode: number;
  readonly stderr: string;

  constructor(details: { args: readonly string[]; cwd: string; exitCode: number; stderr: string; hint?: string; reason?: string }) {
    const stderr = details.stderr.trim();
    super({
      code: 'GIT_FAILED',
      message: `git ${details.args.join(' ')} failed in ${details.cwd} (${details.reason ?? `exit code ${details.exitCode}`})${
        stderr ? `:\n${stderr}` : '.'
      }`,
      hint: details.hint,
    });
    this.name = 'GitError';
    this.args = details.args;
    this.cwd = details.cwd;
    this.exitCode = details.exitCode;
    this.stderr = stderr;
  }
}

/** Variables that would point git at another repository, index or work tree than `cwd`'s (set inside git hooks). */
const REPOSITORY_SELECTING_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
];

/**
 * Non-interactive git: no pager, no editor, no credential prompt, untranslated messages (the lock
 * messages are matched), no optional index refresh by `git status` (it would take `index.lock`).
 * The user's identity variables (`GIT_AUTHOR_*`, `GIT_COMMITTER_*`) are kept.
 */
export function gitEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_SELECTING_VARIABLES) delete env[name];
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    GIT_SEQUENCE_EDITOR: 'true',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
    LANGUAGE: 'C',
  });
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

const LOCK_MESSAGES = [/index\.lock/, /config\.lock/, /Unable to create '[^']*\.lock': File exists/, /could not lock config file/];

/** True when git failed only because another git process held one of its lock files. */
export function isGitLockMessage(stderr: string): boolean {
  return LOCK_MESSAGES.some((pattern) => pattern.test(stderr));
}

/** Retry schedule for lock messages: about 5 s in all, then the failure is reported. */
export const LOCK_RETRY_DELAYS_MS = [25, 50, 100, 200, 400, 800, 1000, 1000, 1000];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function execGit(options: RunGitOptions): Promise<GitResult & { spawnError?: string }> {
  return new Promise((done) => {
    const child = execFile(
      'git',
      [...options.args],
      { cwd: options.cwd, env: gitEnvironment(options.env), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 600_000 },
      (error, stdout, stderr) => {
        if (!error) return done({ stdout, stderr, exitCode: 0 });
        const failure = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (typeof failure.code === 'number') return done({ stdout, stderr, exitCode: failure.code });
        const spawnError = failure.killed
          ? 'timed out and was killed'
          : failure.code !== 'ENOENT'
            ? failure.message
            : existsSync(options.cwd)
              ? 'git is not installed or not on PATH'
              : 'the folder does not exist';
        done({ stdout, stderr, exitCode: -1, spawnError });
      },
    );
    // Nothing we run reads stdin; an open stdin could only make a misconfigured git wait forever.
    child.stdin?.end();
  });
}

/**
 * Runs git once, retrying (bounded, with backoff) only when git reports a held lock file.
 * Throws {@link GitError} (`GIT_FAILED`) on failure unless `allowFailure` is set.
 */
export async function runGit(options: RunGitOptions): Promise<GitResult> {
  for (let attempt = 0; ; attempt++) {
    const result = await execGit(options);
    if (result.spawnError !== undefined) {
      throw new GitError({ args: options.args, cwd: options.cwd, exitCode: -1, stderr: result.stderr, reason: result.spawnError });
    }
    if (result.exitCode === 0) return result;
    const locked = isGitLockMessage(result.stderr);
    const delays = options.lockRetryDelaysMs ?? LOCK_RETRY_DELAYS_MS;
    if (locked && attempt < delays.length) {
      const delay = delays[attempt];
      await sleep(delay + Math.random() * delay);
      continue;
    }
    if (options.allowFailure && !locked) return result;
    throw new GitError({
      args: options.args,
      cwd: options.cwd,
      exitCode: result.exitCode,
      stderr: result.stderr,
      hint: locked
        ? 'Another git process kept its lock file for several seconds. If no git command is running, a killed git left the named .lock file behind: delete it and run again.'
        : undefined,
    });
  }
}

/** Runs git and returns its stdout without the trailing newline. */
export async function gitText(options: RunGitOptions): Promise<string> {
  return (await runGit(options)).stdout.replace(/\n$/, '');
}
