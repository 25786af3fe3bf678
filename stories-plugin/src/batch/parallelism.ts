/**
 * How many stories a batch runs at once: what `--parallel` asked Nx for. Nx does not pass its
 * parallelism to batch executors (and runs nothing else while a batch runs), so the batch reads it
 * from the same places Nx does: the command line of the `nx` process, `NX_PARALLEL`, and
 * `parallel` in nx.json, with Nx's default of 3.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Nx's default `--parallel`. */
export const NX_DEFAULT_PARALLEL = 3;

/** `4` -> 4, `50%` -> half the CPUs (at least 1); anything else -> undefined. */
function concurrency(value: string, cpus: number): number | undefined {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) return Math.max(1, Math.floor((cpus * Number(percent[1])) / 100));
  return /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

/** The value of `--name`, `--name=value` or `--name value` among `argv` (the last one wins); `''` for a bare flag. */
function optionValue(argv: readonly string[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((arg, index) => {
    for (const name of names) {
      if (arg.startsWith(`--${name}=`)) found = arg.slice(name.length + 3);
      else if (arg === `--${name}`) {
        const next = argv[index + 1];
        found = next !== undefined && !next.startsWith('-') ? next : '';
      }
    }
  });
  return found;
}

/** The parallelism Nx uses for a command line (pure: Nx's own rules, `readParallelFromArgsAndEnv`). */
export function parallelismOf(args: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>>; nxJsonParallel?: number; cpus: number }): number {
  const { argv, env, cpus } = args;
  const parallel = optionValue(argv, ['parallel']);
  const maxParallel = optionValue(argv, ['maxParallel', 'max-parallel']);
  if (parallel === 'false') return 1;
  if (parallel === 'true' || parallel === '' || (parallel === undefined && env.NX_PARALLEL)) {
    return concurrency(maxParallel || env.NX_PARALLEL || String(NX_DEFAULT_PARALLEL), cpus) ?? NX_DEFAULT_PARALLEL;
  }
  if (parallel !== undefined) return concurrency(parallel, cpus) ?? NX_DEFAULT_PARALLEL;
  return args.nxJsonParallel && args.nxJsonParallel > 0 ? args.nxJsonParallel : NX_DEFAULT_PARALLEL;
}

/** The command line of a process (Linux `/proc`), or `[]` where it cannot be read. */
function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** The parallelism of the `nx` process that forked this batch process (its parent). */
export function batchParallelism(args: { nxJsonParallel?: number }): number {
  return parallelismOf({ argv: commandLineOf(process.ppid), env: process.env, nxJsonParallel: args.nxJsonParallel, cpus: availableParallelism() });
}
