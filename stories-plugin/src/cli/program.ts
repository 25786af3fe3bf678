/** The `stories` program: its global options and one registered command per file in `commands/`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CommandContext } from './command-context';
import { registerApproveCommand } from './commands/approve';
import { registerImplementCommand } from './commands/implement';
import { registerPlanCommand } from './commands/plan';
import { registerRequestChangesCommand } from './commands/request-changes';
import { registerResetCommand } from './commands/reset';
import { registerRetryCommand } from './commands/retry';
import { registerStatusCommand } from './commands/status';
import { registerValidateCommand } from './commands/validate';

/** The package version, from `stories-plugin/package.json` (two folders up from `src/cli` and `dist/cli`). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Builds the program. Commander's errors are thrown (not `process.exit`), so `main` decides the
 * exit code; its output goes to the command's streams.
 */
export function buildProgram(context: CommandContext): Command {
  const program = new Command('stories')
    .description('Markdown stories, implemented by AI coding agents through Nx: plan, validate, implement, follow and review them.')
    .version(packageVersion(), '-V, --version')
    .option('--cwd <dir>', 'run in the Nx workspace that holds this folder (default: the current folder)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => context.io.stdout.write(text), writeErr: (text) => context.io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)')
    .allowExcessArguments(false);
  registerPlanCommand(program, context);
  registerValidateCommand(program, context);
  registerImplementCommand(program, context);
  registerStatusCommand(program, context);
  registerRetryCommand(program, context);
  registerResetCommand(program, context);
  registerApproveCommand(program, context);
  registerRequestChangesCommand(program, context);
  program.addHelpText(
    'after',
    '\nExamples:\n  $ stories plan                      the waves of every story\n  $ stories implement 1.1-1.3         implement three stories through nx\n  $ stories status --watch            follow a run\n\nRun `stories <command> --help` for the options and examples of each command.\n',
  );
  return program;
}
