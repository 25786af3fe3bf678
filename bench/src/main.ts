/**
 * `npm run bench [-- part] [options]`: runs the benchmark parts of issue 8 and prints their
 * figures. See bench/README.md for what each part measures and the last figures.
 */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, UsageError, type BenchOptions, type Part } from './args';
import { runInference } from './parts/inference';
import { runOverhead } from './parts/overhead';
import { runRerun } from './parts/rerun';
import { runScheduling } from './parts/scheduling';
import { seconds } from './report';
import { nowMs, REPO_ROOT } from './workspace';

const TITLES: Record<Part, string> = {
  scheduling: 'Part 1: scheduling efficiency',
  overhead: 'Part 2: orchestration overhead per story',
  inference: 'Part 3: inference at scale',
  rerun: 'Part 4: rerun with every story merged',
};

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', cwd: REPO_ROOT }).trim().split('\n')[0];
  } catch {
    return 'unknown';
  }
}

function loadAverage(): string {
  const load = loadavg();
  return load.every((value) => value === 0) ? 'unknown' : load.map((value) => value.toFixed(2)).join(' ');
}

function machine(): string {
  const nxVersion = (require(join(REPO_ROOT, 'node_modules', 'nx', 'package.json')) as { version: string }).version;
  return [
    `date ${new Date().toISOString()}`,
    `cpus ${cpus().length} (${cpus()[0]?.model ?? 'unknown'})`,
    `memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free)`,
    `load ${loadAverage()}`,
    `node ${process.version}`,
    version('git', ['--version']),
    `nx ${nxVersion}`,
  ].join(', ');
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const runners: Record<Part, (o: BenchOptions) => void | Promise<void>> = { scheduling: runScheduling, overhead: runOverhead, inference: runInference, rerun: runRerun };
  console.log(`nx-stories benchmarks${options.full ? ' (--full)' : ''}: ${machine()}`);
  let failed = false;
  for (const part of options.parts) {
    console.log(`\n=== ${TITLES[part]} ===`);
    const start = nowMs();
    try {
      await runners[part](options);
    } catch (error) {
      failed = true;
      console.error(`${TITLES[part]} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    console.log(`(${part} took ${seconds(nowMs() - start)}; load now ${loadAverage()})`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
