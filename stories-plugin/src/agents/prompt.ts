/**
 * The prompt an agent gets for one phase (`implement`, `fix`, `review`, `resolve-conflict`):
 * its role, the task and its rules, the acceptance criteria, the story itself, and what the phase
 * needs (the reviewer's findings, the conflicted paths, the diff and the verdict format). The
 * same text goes to every CLI; the executor also writes it to the story's log folder. Pure.
 */
import type { Story } from '../stories/types';
import type { AgentRole } from './role-file';
import type { AgentPhase } from './types';

/** Diffs longer than this are cut in the review prompt (the reviewer can run git itself). */
export const DEFAULT_MAX_DIFF_CHARS = 150_000;

/** Everything a prompt can draw on. */
export interface PromptInput {
  phase: AgentPhase;
  story: Pick<Story, 'id' | 'title' | 'file' | 'acceptanceCriteria'>;
  /** The story file's full text, as in the worktree. */
  storyText: string;
  agentName: string;
  /** The role file of `agentName`, when it has one. */
  role?: AgentRole;
  /** The story's test command line (the story's `test`, else the `testCommand` option). */
  testCommand?: string;
  /** Branch the story starts from and merges into (`main`). */
  baseBranch?: string;
  /** The story branch (`story/1.1-login`). */
  branch?: string;
  /** `fix`: what the reviewer asked for. */
  findings?: string[];
  /** `resolve-conflict`: workspace-relative paths with conflicts. */
  conflictedPaths?: string[];
  /** `review`: `git diff <base>...<branch>`. */
  diff?: string;
  /** `review`: reply with the verdict (CLIs) or write it to STORY_VERDICT_FILE (`command`). Default `reply`. */
  verdictTarget?: 'reply' | 'file';
  maxDiffChars?: number;
}

/** The prompt for `input.phase`. */
export function buildPrompt(input: PromptInput): string {
  const sections = [
    roleSection(input),
    taskSection(input),
    criteriaSection(input),
    `## The story (${input.story.file})\n\n${fence(input.storyText.trim(), 'markdown')}`,
    ...phaseSections(input),
  ];
  return `${sections.join('\n\n')}\n`;
}

function roleSection({ agentName, role }: PromptInput): string {
  const lines = [`# Role: ${agentName}`];
  if (role?.description) lines.push('', role.description);
  lines.push('', role?.systemPrompt || `You are the "${agentName}" agent: an experienced engineer for this kind of work.`);
  return lines.join('\n');
}

function taskSection(input: PromptInput): string {
  const { phase, story } = input;
  const where = `You work in a git worktree of the repository${input.branch ? `, on branch \`${input.branch}\`` : ''}${
    input.baseBranch ? `, made from \`${input.baseBranch}\`` : ''
  }.`;
  const tests = input.testCommand ? `The test command \`${input.testCommand}\` must pass when you are done.` : 'Add or update tests for what you change.';
  const editRules = [
    '- Stay in this worktree. Do not switch branches, rebase, merge, push or rewrite history.',
    '- Committing is optional: the orchestrator commits what you leave.',
    `- Do not edit the story's status or its "## Review" section.`,
  ];
  switch (phase) {
    case 'implement':
      return [`# Task: implement story ${story.id}, "${story.title}"`, '', where, `Implement the story below so that every acceptance criterion is met. ${tests}`, '', ...editRules, '', 'End with a short summary of what you changed.'].join('\n');
    case 'fix':
      return [`# Task: address the review of story ${story.id}, "${story.title}"`, '', where, `A reviewer asked for changes to this story's implementation. Address every finding listed below and keep what already works. ${tests}`, '', ...editRules, '', 'End with a short summary of what you changed for each finding.'].join('\n');
    case 'resolve-conflict':
      return [
        `# Task: resolve the merge conflicts of story ${story.id}, "${story.title}"`,
        '',
        where,
        `The base branch${input.baseBranch ? ` \`${input.baseBranch}\`` : ''} was merged into this branch and the files listed below conflict. Resolve every conflict: keep the intent of both sides and remove every conflict marker (\`<<<<<<<\`, \`=======\`, \`>>>>>>>\`). ${tests}`,
        '',
        '- Leave the result in the working tree: do not commit, do not abort the merge, do not reset. The orchestrator completes the merge, then the tests and the review run again.',
        '- Change nothing beyond what the conflicts need.',
        '',
        'End with a short summary of how you resolved each file.',
      ].join('\n');
    case 'review':
      return [
        `# Task: review story ${story.id}, "${story.title}"`,
        '',
        `${where} Do not change any file: you only judge.`,
        'Check the change (the diff below) against the story and each acceptance criterion: is every criterion met, is it correct, is it tested, is anything missing or broken? Approve only when every criterion is met.',
      ].join('\n');
  }
}

function criteriaSection({ story }: PromptInput): string {
  if (story.acceptanceCriteria.length === 0) return '## Acceptance criteria\n\nThe story lists none: its text below is the specification.';
  return ['## Acceptance criteria', '', ...story.acceptanceCriteria.map((criterion, index) => `${index + 1}. ${criterion}`)].join('\n');
}

function phaseSections(input: PromptInput): string[] {
  switch (input.phase) {
    case 'implement':
      return [];
    case 'fix': {
      const findings = input.findings?.length ? input.findings.map((finding) => `- ${finding}`).join('\n') : '- (the reviewer gave no details: re-check every acceptance criterion)';
      return [`## Findings to address\n\n${findings}`];
    }
    case 'resolve-conflict': {
      const paths = input.conflictedPaths?.length ? input.conflictedPaths.map((path) => `- \`${path}\``).join('\n') : '- (run `git status` to list them)';
      return [`## Conflicted files\n\n${paths}`];
    }
    case 'review':
      return [diffSection(input), verdictSection(input)];
  }
}

function diffSection(input: PromptInput): string {
  const base = input.baseBranch ?? 'the base branch';
  const diff = input.diff ?? '';
  if (!diff.trim()) return `## The change against ${base}\n\nThe diff is empty: nothing was changed.`;
  const max = input.maxDiffChars ?? DEFAULT_MAX_DIFF_CHARS;
  const shown = diff.length > max ? `${diff.slice(0, max)}\n[... ${diff.length - max} more characters cut: run \`git diff ${input.baseBranch ?? '<base>'}...HEAD\` to read the rest]` : diff;
  return `## The change against ${base}\n\n${fence(shown, 'diff')}`;
}

function verdictSection(input: PromptInput): string {
  const how =
    input.verdictTarget === 'file'
      ? 'Write only this JSON object to the file named by the environment variable `STORY_VERDICT_FILE`:'
      : 'Reply with only this JSON object, nothing before or after it:';
  return [
    '## Your verdict',
    '',
    how,
    '',
    '```json',
    '{"verdict": "approve" | "changes_requested", "findings": ["..."]}',
    '```',
    '',
    '- `approve` with an empty `findings` list when every acceptance criterion is met.',
    '- `changes_requested` with at least one finding otherwise: one string per problem, saying what is wrong, where, and what to do.',
  ].join('\n');
}

/** A fenced block whose fence is longer than any backtick run inside the text. */
function fence(text: string, language: string): string {
  const longestRun = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const marks = '`'.repeat(longestRun + 1);
  return `${marks}${language}\n${text}\n${marks}`;
}
