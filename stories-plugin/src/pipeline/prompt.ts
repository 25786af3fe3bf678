/**
 * The prompt an agent gets for one phase of a story: its role, the story, the acceptance
 * criteria, and what the phase is about (findings to fix, conflicted files, the diff to review).
 */
import type { AgentPhase } from '../agents/types';
import type { StoryContext } from './story-context';

/** Everything a prompt is made of. */
export interface StoryPromptInput {
  context: StoryContext;
  phase: AgentPhase;
  storyText: string;
  agentName: string;
  findings?: string[];
  conflicts?: string[];
  diff?: string;
}

/** The prompt text for one agent invocation. */
export function buildStoryPrompt(input: StoryPromptInput): string {
  const { context, phase, storyText, agentName } = input;
  const story = context.story;
  const lines = [`You are ${agentName}, working on story ${story.id}: ${story.title} (file ${story.file}).`, `Phase: ${phase}.`, ''];
  if (phase === 'implement') lines.push('Implement the story in this working tree so that every acceptance criterion is met and its tests pass.');
  if (phase === 'fix') lines.push('Address every finding below, then make sure the tests pass.', '', ...(input.findings ?? []).map((finding) => `- ${finding}`));
  if (phase === 'resolve-conflict') lines.push('The base branch was merged into this branch and conflicts remain. Resolve them in these files, keeping both sides\' intent:', '', ...(input.conflicts ?? []).map((path) => `- ${path}`));
  if (phase === 'review') {
    lines.push('Review the change below against the story and its acceptance criteria.', 'Answer with JSON only: {"verdict":"approve"|"changes_requested","findings":["..."]}.');
  }
  lines.push('', '--- story ---', storyText.trimEnd());
  if (input.diff) lines.push('', '--- diff against the base ---', input.diff);
  return lines.join('\n') + '\n';
}
