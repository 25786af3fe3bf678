/**
 * The markdown of benchmark stories and the plugin options that run them. Pure: returns text and
 * objects; the workspace module writes them.
 */
import { join } from 'node:path';
import type { BenchStory } from './dag';

/** Workspace-relative path of a story's file. */
export function storyPath(story: Pick<BenchStory, 'id'>): string {
  return `docs/stories/${story.id}.bench-story-${story.id.replace('.', '-')}.md`;
}

/**
 * A story the sleep agent implements: its work time in a `Bench-Sleep-Ms` line, dependencies in
 * the `**Dependencies**` line. `bodyLines` pads it with acceptance criteria and tasks so that
 * inference parses files of a realistic size (a BMAD story is 2-6 KB).
 */
export function storyMarkdown(story: BenchStory, bodyLines = 0): string {
  const lines = [
    `# Story ${story.id}: Bench story ${story.id}`,
    '',
    `**Epic**: Epic ${story.epic}: Bench ${story.epic}`,
    `**Dependencies**: ${story.dependencies.length > 0 ? story.dependencies.join(', ') : 'none'}`,
    '',
    `Bench-Sleep-Ms: ${story.workMs}`,
    '',
    '## Acceptance Criteria',
    '',
    `1. The file src/${story.id}.txt exists and names the story.`,
  ];
  for (let line = 0; line < bodyLines; line++) {
    lines.push(line % 10 === 0 ? `\n## Tasks ${line / 10 + 1}\n` : `- [ ] Task ${line}: write the part ${line} of the story and check it against criterion ${line % 7}.`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Every story file of a DAG, by workspace-relative path. */
export function storyFiles(stories: readonly BenchStory[], bodyLines = 0): Record<string, string> {
  return Object.fromEntries(stories.map((story) => [storyPath(story), storyMarkdown(story, bodyLines)]));
}

/** The nx-stories options of a benchmark workspace: the sleep agent implements, the approving reviewer reviews. */
export function benchPluginOptions(args: { agentsDir: string; startsLog: string }): Record<string, unknown> {
  return {
    agents: { 'general-developer': { adapter: 'command', command: ['node', join(args.agentsDir, 'sleep-agent.js'), args.startsLog] } },
    defaultAgent: 'general-developer',
    reviewer: { adapter: 'command', command: ['node', join(args.agentsDir, 'approve-reviewer.js')] },
  };
}
