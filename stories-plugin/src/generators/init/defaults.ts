/**
 * What `nx g nx-stories:init` writes: the default plugin options, the `.gitignore` entries and the
 * stories folder's README. Pure: text and objects in, text and objects out.
 */
import type { AgentConfig, StoriesPluginOptions } from '../../config/options';
import { DEFAULT_OPTIONS } from '../../config/resolve';

/** The agent CLIs `init` can configure as the default agent (`command` needs a command line, so not here). */
export const INIT_ADAPTERS = ['claude-code', 'codex', 'gemini', 'opencode', 'aider'] as const;

/** One of `INIT_ADAPTERS`. */
export type InitAdapter = (typeof INIT_ADAPTERS)[number];

/** Folders the orchestrator creates at the workspace root that must never be committed. */
export const IGNORED_FOLDERS = ['.worktrees/', '.agent-orchestration/'] as const;

/**
 * The options of a new plugin entry: one agent, `general-developer`, on the chosen CLI, which also
 * reviews. Claude Code gets `acceptEdits` because without it a headless run cannot edit files.
 */
export function defaultPluginOptions(adapter: InitAdapter = 'claude-code'): StoriesPluginOptions {
  const agent: AgentConfig = adapter === 'claude-code' ? { adapter, permissionMode: 'acceptEdits' } : { adapter };
  return {
    stories: DEFAULT_OPTIONS.stories,
    agents: { [DEFAULT_OPTIONS.defaultAgent]: agent },
    defaultAgent: DEFAULT_OPTIONS.defaultAgent,
    reviewer: DEFAULT_OPTIONS.defaultAgent,
  };
}

// `.worktrees`, `/.worktrees/` and `.worktrees/` all ignore the same root folder.
function ignoreKey(line: string): string {
  return line.trim().replace(/^\//, '').replace(/\/+$/, '');
}

/**
 * `.gitignore` text (undefined: no file yet) with each entry appended unless an equivalent line is
 * there; the user's lines are kept as they are. `added` lists what was appended.
 */
export function withIgnoreEntries(args: { text: string | undefined; entries: readonly string[] }): { text: string; added: string[] } {
  const existing = args.text ?? '';
  const present = new Set(existing.split(/\r?\n/).map(ignoreKey));
  const added = args.entries.filter((entry) => !present.has(ignoreKey(entry)));
  if (added.length === 0) return { text: existing, added };
  const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  return { text: `${existing}${separator}# nx-stories: agent worktrees and orchestration state\n${added.join('\n')}\n`, added };
}

/** The README of a new stories folder: the story format in short, and how to add one. */
export function storiesReadme(): string {
  return [
    '# Stories',
    '',
    'Each markdown file here whose name starts with a story id (`epic.story`, e.g.',
    '`1.2.sign-up.md`) is one story and becomes one Nx project, `story-<id>`. This README is not a',
    'story. Add one with:',
    '',
    '```sh',
    'npx nx g nx-stories:story --epic=auth --title="Sign up" --dependencies=1.1',
    '```',
    '',
    'A story looks like this:',
    '',
    '```markdown',
    '# Story 1.2: Sign up',
    '',
    '**Epic**: Auth',
    '**Dependencies**: 1.1',
    '',
    '## Story',
    '',
    'As a visitor, I want to create an account, so that my data is kept.',
    '',
    '## Acceptance Criteria',
    '',
    '- A visitor can sign up with an email address and a password',
    '',
    '## Tasks',
    '',
    '- [ ] Sign-up form and endpoint',
    '```',
    '',
    '- Ids sort numerically (`1.9` < `1.10` < `2.1`); every story of epic 0 is a foundation that',
    '  all later epics depend on.',
    '- `**Dependencies**:` lists the ids this story needs merged first (`none` if it needs nothing).',
    '- Optional: `**Agent**: python-developer` picks the agent; `**Status**: Done` marks a story',
    '  that is already implemented. YAML front matter (`id`, `title`, `epic`, `dependencies`,',
    '  `agent`, `status`, `test`) works too and wins over the body.',
    '',
    'Then `npx nx graph` shows the stories and `npx nx run-many -t implement` implements them.',
    '',
  ].join('\n');
}
