/**
 * The end of a run: the completion summary on the terminal, `.agent-orchestration/summary.json`
 * and `.agent-orchestration/report.html`, and the exit code (0 only if every story in scope is merged).
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { renderReportHtml, renderSummary, summaryExitCode, summaryJson } from '../report';
import { writeFileAtomic } from '../state';
import type { CliIo } from './io';
import { scopeWaves, reportStories, summaryStories } from './story-views';
import type { CliWorkspace } from './workspace';

/** Where the summary and the report are written. */
export function runOutputPaths(workspace: Pick<CliWorkspace, 'store'>): { summary: string; report: string } {
  const dir = workspace.store.paths.stateDir;
  return { summary: join(dir, 'summary.json'), report: join(dir, 'report.html') };
}

/**
 * Reads the records once more, writes the summary and the report, prints the summary, and returns
 * the exit code. `ids` are the stories in scope that ran; `skipped` those the decision left out.
 */
export async function finishRun(args: {
  workspace: CliWorkspace;
  io: Pick<CliIo, 'stdout'>;
  ids: readonly string[];
  skipped: readonly string[];
  runStart: string;
  parallel?: number;
}): Promise<0 | 1> {
  const { workspace } = args;
  const records = new Map((await workspace.store.listStories()).map((record) => [record.storyId, record]));
  const all = [...args.ids, ...args.skipped];
  const endTime = new Date().toISOString();
  const shared = { ids: all, skipped: args.skipped, stories: workspace.graph.byId, records, runStart: args.runStart };
  const summaryModel = { stories: summaryStories(shared), startTime: args.runStart, endTime };
  const waves = scopeWaves({ ids: all, dependencies: workspace.graph.dependencies });
  const html = renderReportHtml({
    title: `Story run report: ${basename(workspace.root)}`,
    generatedAt: endTime,
    startTime: args.runStart,
    endTime,
    ...(args.parallel !== undefined ? { parallel: args.parallel } : {}),
    stories: reportStories({ ...shared, dependencies: workspace.graph.dependencies, waves }),
  });
  const paths = runOutputPaths(workspace);
  mkdirSync(workspace.store.paths.stateDir, { recursive: true });
  writeFileAtomic({ path: paths.summary, content: `${JSON.stringify(summaryJson(summaryModel), null, 2)}\n` });
  writeFileAtomic({ path: paths.report, content: html });
  args.io.stdout.write(`\n${renderSummary(summaryModel)}\n\n`);
  args.io.stdout.write(`Summary: ${workspace.store.paths.display(paths.summary)} · Report: ${workspace.store.paths.display(paths.report)}\n`);
  return summaryExitCode(summaryModel.stories);
}
