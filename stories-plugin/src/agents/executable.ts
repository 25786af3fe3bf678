/**
 * Finds the executable a command would run, the way `execvp` does: a name with a slash is a path
 * (relative to `cwd`), a bare name is looked up on the PATH the agent will get. Shell (reads the
 * file system).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The absolute path of the executable `command` names, or undefined when there is none. */
export function findExecutable(args: { command: string; pathValue?: string; cwd?: string }): string | undefined {
  const { command } = args;
  if (!command) return undefined;
  if (command.includes('/')) {
    const full = isAbsolute(command) ? command : resolve(args.cwd ?? process.cwd(), command);
    return isExecutableFile(full) ? full : undefined;
  }
  for (const dir of (args.pathValue ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
