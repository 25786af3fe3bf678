/**
 * Why a story gets its agent, for `stories plan`: the agent the plugin chooses (the same
 * `chooseAgentName` the Nx projects use) and whether the story names it, detection picked it, or
 * it is the default.
 */
import type { ResolvedOptions } from '../config/resolve';
import { chooseAgentName, GENERAL_AGENT } from '../plugin/choose-agent';
import type { Story } from '../stories/types';

/** The agent of a story and why. */
export interface AgentChoice {
  agent: string;
  reason: 'explicit' | 'detected' | 'default';
  /** What detection matched in the story (only for `detected`, when detection says). */
  evidence: string[];
}

/** Detection's answer for one story, when a detector is available. */
export interface DetectionAnswer {
  agent: string;
  evidence: string[];
}

/**
 * The agent of `story` and why. `detect`, when given, supplies the evidence for an agent that
 * neither the story nor the defaults explain.
 */
export function describeAgentChoice(args: {
  story: Story;
  text: string;
  options: ResolvedOptions;
  detect?: (args: { story: Story; text: string; options: ResolvedOptions }) => DetectionAnswer | undefined;
}): AgentChoice {
  const agent = chooseAgentName(args);
  if (args.story.agent) return { agent, reason: 'explicit', evidence: [] };
  const detected = args.detect?.(args);
  if (detected && detected.agent === agent && detected.evidence.length > 0) return { agent, reason: 'detected', evidence: detected.evidence };
  if (agent === GENERAL_AGENT || agent === args.options.defaultAgent) return { agent, reason: 'default', evidence: [] };
  return { agent, reason: 'detected', evidence: detected?.evidence ?? [] };
}

/** `general-developer (default)`, `python-developer (detected: pytest, *.py)`, `aider-dev (explicit)`. */
export function formatAgentChoice(choice: AgentChoice): string {
  const evidence = choice.evidence.length > 0 ? `: ${choice.evidence.join(', ')}` : '';
  return `${choice.agent} (${choice.reason}${evidence})`;
}
