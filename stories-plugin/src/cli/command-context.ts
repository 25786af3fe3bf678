/** What every command gets from the program: the terminal, the exit code, the workspace root. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from './io';
import { findWorkspaceRoot } from './workspace';

/** Shared by all commands of one program. */
export interface CommandContext {
  io: CliIo;
  setExitCode(code: number): void;
}

/** The workspace root of a command: the nearest folder with `nx.json` above `--cwd` or the current folder. */
export function workspaceRootOf(args: { command: Command; io: Pick<CliIo, 'cwd'> }): string {
  const { cwd } = args.command.optsWithGlobals<{ cwd?: string }>();
  return findWorkspaceRoot({ start: resolve(args.io.cwd, cwd ?? '.') });
}

/** The `Examples:` block shown after a command's help. */
export function examples(lines: ReadonlyArray<readonly [command: string, what: string]>): string {
  const width = Math.max(...lines.map(([command]) => command.length));
  return `\nExamples:\n${lines.map(([command, what]) => `  $ ${command.padEnd(width)}  ${what}`).join('\n')}\n`;
}
