/**
 * Why a story gets its agent, for `stories plan`: the choice and evidence of `chooseAgent` (the
 * same call the Nx projects and the executors make), sorted into explicit, detected and default.
 */
import type { ResolvedOptions } from '../config/resolve';
import { chooseAgent, GENERAL_AGENT } from '../plugin/choose-agent';
import type { Story } from '../stories/types';

/** The agent of a story and why. */
export interface AgentChoice {
  agent: string;
  reason: 'explicit' | 'detected' | 'default';
  /** What detection found for the chosen agent, and its conclusion; empty for an explicit agent. */
  evidence: string[];
}

/** The agent of `story` and why. */
export function describeAgentChoice(args: { story: Story; text: string; options: ResolvedOptions }): AgentChoice {
  const detection = chooseAgent(args);
  if (args.story.agent?.trim()) return { agent: detection.agent, reason: 'explicit', evidence: [] };
  return { agent: detection.agent, ...classifyEvidence({ agent: detection.agent, evidence: detection.evidence }) };
}

/**
 * Keeps the evidence that speaks for the chosen agent (`python-developer +2: mentions "pytest"`,
 * shown without the agent's name) and the conclusion (the last line); the general agent chosen for
 * want of a better one is the default.
 */
export function classifyEvidence(args: { agent: string; evidence: readonly string[] }): Pick<AgentChoice, 'reason' | 'evidence'> {
  const prefix = `${args.agent} +`;
  const conclusion = args.evidence[args.evidence.length - 1];
  const points = args.evidence.slice(0, -1).filter((line) => line.startsWith(prefix)).map((line) => `+${line.slice(prefix.length)}`);
  const won = points.length > 0 && args.agent !== GENERAL_AGENT;
  return { reason: won ? 'detected' : 'default', evidence: [...points, ...(conclusion ? [conclusion] : [])] };
}

/** `general-developer (default: chose general-developer: ...)`, `python-developer (detected: +2: mentions "pytest"; ...)`. */
export function formatAgentChoice(choice: AgentChoice): string {
  const evidence = choice.evidence.length > 0 ? `: ${choice.evidence.join('; ')}` : '';
  return `${choice.agent} (${choice.reason}${evidence})`;
}
