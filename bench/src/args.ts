/**
 * The benchmark's command line: which part to run and its sizes. Defaults keep each part within
 * about five minutes on two shared cores; `--full` takes the sizes. Pure.
 */

/** The four parts, in the order `all` runs them. */
export const PARTS = ['scheduling', 'overhead', 'inference', 'rerun'] as const;
/** One part's name. */
export type Part = (typeof PARTS)[number];

/** Everything a run needs. */
export interface BenchOptions {
  parts: Part[];
  full: boolean;
  seed: number;
  /** Keep the temp workspaces (their paths are printed) instead of deleting them. */
  keep: boolean;
  /** Also run the profiled pass (NODE_OPTIONS probe) where a part has one. */
  profile: boolean;
  scheduling: { stories: number; epics: number; roots: number; parallel: number[]; minWorkMs: number; maxWorkMs: number };
  overhead: { files: number; stories: number };
  /** `rounds`: cold+warm pairs per size. */
  inference: { sizes: number[]; rounds: number };
  rerun: { stories: number; parallel: number; realHistory: boolean; rounds: number };
}

const USAGE = `usage: node bench/dist/main.js [all|${PARTS.join('|')}] [options]
  --full                 the issue's sizes (60 stories for scheduling, 20 for overhead, 100 real for rerun, 2 inference rounds)
  --seed N               seed of the random DAG (default 42)
  --stories N            stories of the part (scheduling 10, overhead 5, rerun 25 by default)
  --parallel 2,4,8       P values for scheduling; one value for rerun (default 2)
  --files N              files in the overhead repository (default 10000)
  --sizes 500,2000,5000  story counts for inference
  --real-history         rerun: merge every story through the pipeline first (default: plain git merges with the plugin's trailers)
  --rounds N             rounds of cold/warm measurements (inference 1, rerun 2 by default)
  --no-profile           skip the profiled passes
  --keep                 keep the temp workspaces`;

/** Thrown for a bad command line; the message includes the usage. */
export class UsageError extends Error {}

function positiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!text || !Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} needs a positive integer, got ${JSON.stringify(text)}\n${USAGE}`);
  return value;
}

function integerList(flag: string, text: string | undefined): number[] {
  if (!text) throw new UsageError(`${flag} needs a comma-separated list of positive integers\n${USAGE}`);
  return text.split(',').map((part) => positiveInteger(flag, part.trim()));
}

/** Parses `argv` (without node and the script). Throws {@link UsageError}. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const full = argv.includes('--full');
  const options: BenchOptions = {
    parts: [...PARTS],
    full,
    seed: 42,
    keep: false,
    profile: true,
    scheduling: full
      ? { stories: 60, epics: 5, roots: 6, parallel: [2, 4, 8], minWorkMs: 500, maxWorkMs: 3000 }
      : { stories: 10, epics: 2, roots: 2, parallel: [2, 4, 8], minWorkMs: 500, maxWorkMs: 3000 },
    overhead: { files: 10_000, stories: full ? 20 : 5 },
    inference: { sizes: [500, 2000, 5000], rounds: full ? 2 : 1 },
    rerun: { stories: full ? 100 : 25, parallel: 2, realHistory: full, rounds: 2 },
  };
  let storiesOverride: number | undefined;
  let parallelOverride: number[] | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const next = () => argv[++index];
    if (index === 0 && !arg.startsWith('--')) {
      if (arg === 'all') continue;
      if (!(PARTS as readonly string[]).includes(arg)) throw new UsageError(`unknown part ${JSON.stringify(arg)}\n${USAGE}`);
      options.parts = [arg as Part];
      continue;
    }
    switch (arg) {
      case '--full':
        break;
      case '--seed':
        options.seed = positiveInteger(arg, next());
        break;
      case '--stories':
        storiesOverride = positiveInteger(arg, next());
        break;
      case '--parallel':
        parallelOverride = integerList(arg, next());
        break;
      case '--files':
        options.overhead.files = positiveInteger(arg, next());
        break;
      case '--sizes':
        options.inference.sizes = integerList(arg, next());
        break;
      case '--rounds': {
        const rounds = positiveInteger(arg, next());
        options.inference.rounds = rounds;
        options.rerun.rounds = rounds;
        break;
      }
      case '--real-history':
        options.rerun.realHistory = true;
        break;
      case '--no-profile':
        options.profile = false;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--help':
      case '-h':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  if (storiesOverride !== undefined) {
    options.scheduling.stories = storiesOverride;
    options.scheduling.roots = Math.min(options.scheduling.roots, storiesOverride);
    options.overhead.stories = storiesOverride;
    options.rerun.stories = storiesOverride;
  }
  if (parallelOverride) {
    options.scheduling.parallel = parallelOverride;
    options.rerun.parallel = parallelOverride[0];
  }
  return options;
}
