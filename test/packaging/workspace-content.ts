/**
 * What the packaging test writes into a consumer workspace, as pure data: three scripted stories
 * that the bundled offline agent can carry out, and the plugin options that select it.
 */

/** One story of the consumer workspace. */
export interface ConsumerStory {
  id: string;
  file: string;
  /** The file the story's implementation creates on the base branch. */
  output: string;
}

/** The stories: 1.2 needs 1.1 (its test checks 1.1's file is there too), 2.1 stands alone. */
export const CONSUMER_STORIES: ConsumerStory[] = [
  { id: '1.1', file: 'docs/stories/1.1.greeting.md', output: 'src/greeting.txt' },
  { id: '1.2', file: 'docs/stories/1.2.farewell.md', output: 'src/farewell.txt' },
  { id: '2.1', file: 'docs/stories/2.1.licence.md', output: 'LICENCE.txt' },
];

function storyText(args: { id: string; title: string; dependencies: string; test: string; script: string[] }): string {
  return [
    '---',
    `test: ${JSON.stringify(args.test)}`,
    '---',
    '',
    `# Story ${args.id}: ${args.title}`,
    '',
    `**Dependencies**: ${args.dependencies}`,
    '',
    '## Acceptance Criteria',
    '',
    `- ${args.test}`,
    '',
    '## Implementation',
    '',
    '```sh',
    ...args.script,
    '```',
    '',
  ].join('\n');
}

/** The story files by path, ready for `repo.commit(message, files)`. */
export function consumerStoryFiles(): Record<string, string> {
  return {
    [CONSUMER_STORIES[0].file]: storyText({
      id: '1.1',
      title: 'Greeting',
      dependencies: 'none',
      test: 'grep -q hello src/greeting.txt',
      script: ['mkdir -p src', 'echo hello > src/greeting.txt'],
    }),
    [CONSUMER_STORIES[1].file]: storyText({
      id: '1.2',
      title: 'Farewell',
      dependencies: '1.1',
      test: 'test -f src/greeting.txt && grep -q goodbye src/farewell.txt',
      script: ['echo goodbye > src/farewell.txt'],
    }),
    [CONSUMER_STORIES[2].file]: storyText({
      id: '2.1',
      title: 'Licence',
      dependencies: 'none',
      test: 'grep -q MIT LICENCE.txt',
      script: ['echo MIT > LICENCE.txt'],
    }),
  };
}

/**
 * `nx.json` with the nx-stories entry that `nx g nx-stories:init` wrote switched to the agent and
 * reviewer that ship in the package (the `offline` adapter, given `env`), every other option left
 * as init set it.
 */
export function withOfflineAgents(args: { nxJson: { plugins?: unknown[] }; env: Record<string, string> }): { plugins: unknown[] } {
  const { nxJson, env } = args;
  const offline = { adapter: 'offline', env };
  const plugins = (nxJson.plugins ?? []).map((entry) => {
    if (typeof entry !== 'object' || entry === null || (entry as { plugin?: unknown }).plugin !== 'nx-stories') return entry;
    const { options = {} } = entry as { options?: Record<string, unknown> };
    return {
      ...entry,
      options: { ...options, agents: { 'general-developer': offline }, defaultAgent: 'general-developer', reviewer: offline },
    };
  });
  if (!plugins.some((entry) => (entry as { plugin?: unknown }).plugin === 'nx-stories')) throw new Error('nx.json has no nx-stories plugin entry');
  return { ...nxJson, plugins };
}
