/**
 * The terminal a command talks to. Commands write through this instead of `process` so that what
 * they print, and whether they may ask or redraw, is decided in one place.
 */

/** A stream the command writes to; `isTTY` and `columns` as Node sets them on terminals. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where a command reads and writes, and where it was started. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The folder the command was started in (`--cwd` overrides it). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The real process's streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
}

/** True when both stdin and stdout are terminals: only then may a command ask a question. */
export function isInteractive(io: Pick<CliIo, 'stdin' | 'stdout'>): boolean {
  return io.stdin.isTTY === true && io.stdout.isTTY === true;
}

/** Writes `lines` to stdout, each ending with a newline. */
export function printLines(io: Pick<CliIo, 'stdout'>, lines: readonly string[]): void {
  if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
}
