/**
 * The one place that decides which agent implements a story (contract section 6). Technology
 * detection plugs in here later; until then an explicit `agent` field wins, else the general agent.
 */
import type { ResolvedOptions } from '../config/resolve';
import type { Story } from '../stories/types';

/** The agent name used when nothing else decides. */
export const GENERAL_AGENT = 'general-developer';

/**
 * The agent name for a story: its explicit `agent` field, else (detection pending) the general
 * agent. `text` is the story file's text and `options` the plugin options, for detection.
 */
export function chooseAgentName(args: { story: Story; text: string; options: ResolvedOptions }): string {
  return args.story.agent ?? GENERAL_AGENT;
}
