/**
 * The one place that decides which agent implements a story (contract section 6): an explicit
 * `agent` field wins, else technology detection on the story text with the signal table the
 * `detection` option shapes, else the general agent. Nx metadata, `stories plan` and the
 * executors all ask here, so they always agree.
 */
import { detectAgent, type AgentDetection } from '../agents/detection';
import { mergeDetectionSignals } from '../agents/detection-options';
import type { DetectionTable } from '../agents/detection-signals';
import type { ResolvedOptions } from '../config/resolve';
import type { Story } from '../stories/types';

/** The agent name used when nothing else decides. */
export const GENERAL_AGENT = 'general-developer';

// One createNodes call resolves the options once and asks for every story: merge the table once.
const tables = new WeakMap<ResolvedOptions, DetectionTable>();

function signalTable(options: ResolvedOptions): DetectionTable {
  let table = tables.get(options);
  if (!table) {
    table = mergeDetectionSignals({ option: Object.keys(options.detection).length > 0 ? options.detection : undefined });
    tables.set(options, table);
  }
  return table;
}

/** The agent for a story and the evidence for the choice. `text` is the story file's text. */
export function chooseAgent(args: { story: Story; text: string; options: ResolvedOptions }): AgentDetection {
  return detectAgent({ story: args.story, text: args.text, signals: signalTable(args.options) });
}

/** The agent name for a story (see {@link chooseAgent}). */
export function chooseAgentName(args: { story: Story; text: string; options: ResolvedOptions }): string {
  return chooseAgent(args).agent;
}
