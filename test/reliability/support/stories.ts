/**
 * Scripted stories and the workspace options the reliability tests run them with: the offline
 * agent carries out each story's `## Implementation` block, the offline reviewer approves when the
 * story's test passes. A story can pause at a kill point (see `kill-points.ts`).
 */
import { join, resolve } from 'node:path';

/** The bundled network-free agents (of the plugin build under test, see `workspace.ts`). */
export const TOOLS = process.env.RELIABILITY_PLUGIN_ROOT
  ? resolve(process.env.RELIABILITY_PLUGIN_ROOT, 'stories-plugin/tools/agents')
  : resolve(__dirname, '../../../stories-plugin/tools/agents');

/** A story that writes `src/<id>.txt` (plus `lines` of its own script) and tests for it. */
export function scriptedStory(args: {
  id: string;
  title: string;
  dependencies?: string[];
  /** Shell lines run first in the implementation block (a pause, a marker). */
  before?: string[];
  /** Shell lines run last in the implementation block. */
  after?: string[];
  /** Test command; default checks the file exists. */
  test?: string;
  /** Extra front matter lines. */
  frontMatter?: string[];
}): string {
  return [
    '---',
    `test: ${JSON.stringify(args.test ?? `test -f src/${args.id}.txt`)}`,
    ...(args.frontMatter ?? []),
    '---',
    '',
    `# Story ${args.id}: ${args.title}`,
    '',
    `**Dependencies**: ${args.dependencies && args.dependencies.length > 0 ? args.dependencies.join(', ') : 'none'}`,
    '',
    '## Acceptance Criteria',
    '',
    `- src/${args.id}.txt exists`,
    '',
    '## Implementation',
    '',
    '```sh',
    ...(args.before ?? []),
    'mkdir -p src',
    `printf '%s\\n' ${JSON.stringify(`${args.title} (story ${args.id})`)} > src/${args.id}.txt`,
    ...(args.after ?? []),
    '```',
    '',
  ].join('\n');
}

/** Plugin options running the offline agent and reviewer through the `command` adapter. */
export function offlineAgents(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agents: { 'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')] } },
    reviewer: { adapter: 'command', command: ['node', join(TOOLS, 'offline-reviewer.js')] },
    foundationDependencies: false,
    agentTimeoutSeconds: 120,
    ...extra,
  };
}

/** The file name of a scripted story. */
export function storyFileName(id: string, slug = 'story'): string {
  return `docs/stories/${id}.${slug}.md`;
}
