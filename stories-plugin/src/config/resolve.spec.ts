import { StoriesError } from '../errors';
import type { StoriesPluginOptions } from './options';
import { resolveOptions } from './resolve';

function problemsOf(options: unknown): string[] {
  try {
    resolveOptions(options as StoriesPluginOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(StoriesError);
    expect((error as StoriesError).code).toBe('CONFIG_INVALID');
    return (error as StoriesError).message.split('\n').slice(1);
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('resolveOptions', () => {
  it('fills every default', () => {
    expect(resolveOptions()).toEqual({
      stories: 'docs/stories/*.md',
      projectPrefix: 'story-',
      foundationDependencies: true,
      sameEpicOrder: false,
      baseBranch: undefined,
      agents: { 'general-developer': { adapter: 'claude-code' } },
      defaultAgent: 'general-developer',
      reviewer: 'general-developer',
      agentTimeoutSeconds: 1800,
      maxReviewRounds: 3,
      testCommand: undefined,
      worktreeCopy: [],
      worktreeSetup: [],
      detection: {},
      maxCostUsdPerStory: undefined,
      maxCostUsd: undefined,
    });
    expect(resolveOptions(null).stories).toBe('docs/stories/*.md');
  });

  it('keeps what the user wrote', () => {
    const resolved = resolveOptions({
      stories: 'stories/**/*.md',
      projectPrefix: '',
      sameEpicOrder: true,
      agents: { bot: { adapter: 'command', command: ['node', 'tools/agents/bot.js'], env: { A: '1' } } },
      defaultAgent: 'bot',
      reviewer: 'human',
      maxReviewRounds: 5,
      testCommand: 'npm test',
      worktreeCopy: ['.env'],
    });
    expect(resolved).toMatchObject({
      stories: 'stories/**/*.md',
      projectPrefix: '',
      sameEpicOrder: true,
      agents: { bot: { adapter: 'command', command: ['node', 'tools/agents/bot.js'], env: { A: '1' } } },
      defaultAgent: 'bot',
      reviewer: 'human',
      maxReviewRounds: 5,
      testCommand: 'npm test',
      worktreeCopy: ['.env'],
    });
    expect(Object.keys(resolved.agents)).toEqual(['bot']);
  });

  it('accepts a reviewer configuration', () => {
    expect(resolveOptions({ reviewer: { adapter: 'codex', model: 'o3' } }).reviewer).toEqual({ adapter: 'codex', model: 'o3' });
  });

  it('reports every wrong option at once', () => {
    expect(
      problemsOf({
        storie: 'x',
        stories: '../elsewhere/*.md',
        foundationDependencies: 'yes',
        agentTimeoutSeconds: -1,
        maxReviewRounds: 1.5,
        agents: {
          a: { adapter: 'claud-code' },
          b: { adapter: 'command' },
          c: { modle: 'x' },
          'bad name': { adapter: 'codex' },
        },
        reviewer: 5,
        worktreeCopy: ['../secrets'],
      }),
    ).toEqual([
      '  - unknown option "storie" (did you mean "stories"?)',
      '  - option "stories" is "../elsewhere/*.md" (a glob of markdown files inside the workspace, e.g. "docs/stories/*.md")',
      '  - option "agents.a.adapter" is "claud-code" (one of claude-code, codex, gemini, opencode, aider, command, offline; did you mean "claude-code"?)',
      '  - option "agents.b" uses the command adapter without a command ("command": ["node", "tools/agents/my-agent.js"] (an argument list, never a shell string))',
      '  - unknown field "modle" in option "agents.c" (did you mean "model"?)',
      '  - option "agents.c" names no adapter ("adapter": one of claude-code, codex, gemini, opencode, aider, command, offline)',
      '  - agent name "bad name" in option "agents" (letters, digits, ".", "_" and "-", e.g. python-developer)',
      '  - option "reviewer" is number 5 ({ "adapter": "claude-code", ... })',
      '  - option "foundationDependencies" is "yes" (true or false)',
      '  - option "agentTimeoutSeconds" is number -1 (a number above 0)',
      '  - option "maxReviewRounds" is number 1.5 (a whole number above 0)',
      '  - option "worktreeCopy" names "../secrets" (paths inside the workspace, without "..")',
    ]);
  });

  it('rejects options that are not an object', () => {
    expect(problemsOf(['x'])).toEqual(['  - the plugin options are not an object ({ "stories": "docs/stories/*.md", ... })']);
  });
});
