/**
 * The `stories` command (contract section 7). Every error is caught here, once: a `StoriesError`
 * prints its message and hint and exits 1, or 2 when the user cancelled a run over out-of-scope
 * dependencies; commander's own usage errors keep commander's message and code.
 */
import { CommanderError } from 'commander';
import { describeError, StoriesError } from '../errors';
import { processIo, type CliIo } from './io';
import { buildProgram } from './program';

/** The exit code for an error that reached the top. */
export function exitCodeForError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  return error instanceof StoriesError && error.code === 'OUT_OF_SCOPE' ? 2 : 1;
}

/** Runs `stories <argv>`; sets `process.exitCode` and resolves with it (it never rejects). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({ io, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    exitCode = exitCodeForError(error);
    if (!(error instanceof CommanderError)) io.stderr.write(`${describeError(error)}\n`);
  }
  process.exitCode = exitCode;
  return exitCode;
}
