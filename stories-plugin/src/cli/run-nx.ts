/**
 * Runs an nx invocation with the live progress view of the chosen stories, then finishes the run
 * (summary, summary.json, report.html, exit code). Shared by `implement` and `retry`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTimestamp } from '../git/names';
import type { CliIo } from './io';
import { formatCommandLine, type NxInvocation } from './nx-command';
import { resolveNxBinary, startNx } from './nx-process';
import { startProgressLoop } from './progress-loop';
import { finishRun } from './run-outcome';
import { readStateSnapshot } from './state-snapshot';
import { progressStories, scopeWaves } from './story-views';
import type { CliWorkspace } from './workspace';

/** Lines of the nx log shown when nx fails before any story moved. */
const LOG_TAIL_LINES = 30;

/** Runs nx for `ids` (and reports `skipped` as skipped); returns the exit code of the run. */
export async function runNxWithProgress(args: {
  workspace: CliWorkspace;
  io: CliIo;
  invocation: NxInvocation;
  ids: readonly string[];
  skipped: readonly string[];
  parallel?: number;
  /** Pass nx's output through instead of writing it to a log file. */
  verbose: boolean;
}): Promise<number> {
  const { workspace, io } = args;
  const binary = resolveNxBinary({ workspaceRoot: workspace.root });
  const runStart = new Date();
  const logFile = args.verbose ? undefined : join(workspace.store.paths.logsDir, `nx-run-${formatTimestamp(runStart)}.log`);
  io.stdout.write(`Running: nx ${formatCommandLine(args.invocation.args)}\n`);
  if (logFile) io.stdout.write(`nx output: ${workspace.store.paths.display(logFile)} (or pass --verbose to see it here)\n`);
  io.stdout.write('\n');

  const waves = scopeWaves({ ids: args.ids, dependencies: workspace.graph.dependencies });
  const read = async () => {
    const snapshot = await readStateSnapshot({ root: workspace.root, store: workspace.store, stories: workspace.graph.byId });
    return progressStories({ ids: args.ids, stories: workspace.graph.byId, waves, ...snapshot });
  };
  const nx = startNx({ binary, workspaceRoot: workspace.root, args: args.invocation.args, env: io.env, ...(logFile ? { logFile } : {}) });
  // Ctrl-C reaches nx through the terminal; the command itself stays to print what was done.
  const forward = (signal: NodeJS.Signals) => () => nx.signal(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const progress = startProgressLoop({ output: io.stdout, mode: io.stdout.isTTY && !args.verbose ? 'redraw' : 'lines', read });
  let nxExit: number;
  try {
    nxExit = await nx.exited;
  } finally {
    await progress.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  const exitCode = await finishRun({ workspace, io, ids: args.ids, skipped: args.skipped, runStart: runStart.toISOString(), ...(args.parallel ? { parallel: args.parallel } : {}) });
  if (nxExit !== 0) {
    io.stdout.write(`nx exited with code ${nxExit}${logFile ? `; its output is in ${workspace.store.paths.display(logFile)}` : ''}.\n`);
    if (logFile && exitCode !== 0 && !(await anyStoryMoved({ workspace, ids: args.ids, since: runStart }))) io.stdout.write(logTail(logFile));
  }
  return exitCode;
}

/** True when some story's record changed during the run: nx got as far as running tasks. */
async function anyStoryMoved(args: { workspace: CliWorkspace; ids: readonly string[]; since: Date }): Promise<boolean> {
  const records = await args.workspace.store.listStories();
  return records.some((record) => args.ids.includes(record.storyId) && Date.parse(record.lastUpdate) >= args.since.getTime());
}

/** The last lines of the nx log, indented: nx failed before any story moved, so the reason is there. */
function logTail(file: string): string {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const lines = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES);
  return text.trim() === '' ? '' : `Last lines of the nx output:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}
