/**
 * The agent layer inside the real pipeline (issue 5): a verdict no agent can fake, usage limits
 * that pause instead of failing, token and cost figures in the state, and the worktree bootstrap
 * options. The CLI here is the fake `claude` of the adapter tests, which speaks Claude Code's real
 * stream-json protocol.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nxWorkspace, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';

const FAKE_CLAUDE = resolve(__dirname, '../../stories-plugin/src/agents/__fixtures__/bin/claude');
const TOOLS = resolve(__dirname, '../../stories-plugin/tools/agents');

const story = (test = 'test -f hello.txt') =>
  ['---', `test: ${JSON.stringify(test)}`, '---', '# Story 1.1: Hello', '', '## Implementation', '', '```sh', 'echo hello > hello.txt', '```', ''].join('\n');

function record(ws: NxWorkspace, id = '1.1') {
  return JSON.parse(readFileSync(join(ws.path, `.agent-orchestration/story-${id}.json`), 'utf8'));
}

function claude(scenario: string) {
  return { adapter: 'claude-code', command: ['node', FAKE_CLAUDE], env: { FAKE_SCENARIO: scenario } };
}

describe('agents in the pipeline', () => {
  it('never takes "the agent said done" for done: a claimed success that changes nothing fails after the review rounds, with usage recorded', () => {
    const ws = nxWorkspace({ 'docs/stories/1.1.hello.md': story() }, {
      agents: { 'general-developer': claude('success') },
      reviewer: { adapter: 'offline' },
      maxReviewRounds: 2,
    });
    try {
      expect(ws.nx(['run-many', '-t', 'implement']).status).not.toBe(0);
      const state = record(ws);
      expect(state.status).toBe('Failed');
      expect(state.error.message).toMatch(/review rounds exhausted \(2\)/);
      expect(state.error.message).toMatch(/changes nothing/);
      // implement + one fix, each reporting the fake's figures.
      expect(state.usage).toMatchObject({ inputTokens: 2 * 2000, outputTokens: 2 * 450 });
      expect(state.usage.costUsd).toBeCloseTo(2 * 0.0421, 6);
      expect(readFileSync(join(ws.path, '.agent-orchestration/logs/1.1/implement-1.prompt.md'), 'utf8')).toMatch(/# Role: general-developer/);
    } finally {
      ws.cleanup();
    }
  });

  it('pauses a story whose agent hit a usage limit: Not Started with the reset time, never Failed', () => {
    const ws = nxWorkspace({ 'docs/stories/1.1.hello.md': story() }, {
      agents: { 'general-developer': claude('usage-limit') },
      reviewer: { adapter: 'offline' },
    });
    try {
      const result = ws.nx(['run-many', '-t', 'implement']);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/paused by a usage limit/);
      const state = record(ws);
      expect(state.status).toBe('Not Started');
      expect(state.pausedUntil).toBe('2026-01-01T00:00:00.000Z');
      expect(readFileSync(join(ws.path, '.agent-orchestration/history.jsonl'), 'utf8')).not.toMatch(/"to":"Failed"/);
    } finally {
      ws.cleanup();
    }
  });

  it('bootstraps worktrees: worktreeCopy brings untracked files, worktreeSetup runs first, and a failing setup step fails the story naming it', () => {
    const offline = { agents: { 'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')] } }, reviewer: { adapter: 'offline' } };
    const ws = nxWorkspace(
      {
        '.gitignore': 'node_modules\n.nx\n.env\n',
        'docs/stories/1.1.hello.md': story('test -f hello.txt && grep -q SECRET_FROM_ENV_FILE .env && test -f setup-ran.txt'),
      },
      { ...offline, worktreeCopy: ['.env'], worktreeSetup: ['echo ran > setup-ran.txt'] },
    );
    try {
      ws.write({ '.env': 'TOKEN=SECRET_FROM_ENV_FILE\n' });
      const result = ws.nx(['run-many', '-t', 'implement']);
      expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ status: 0, output: '' });
      expect(record(ws).status).toBe('Merged');
      // Copied and setup files are the worktree's, not the story's: the agent did not commit .env.
      expect(ws.git('show', '--stat', '--format=', 'HEAD^2')).not.toMatch(/\.env/);

      ws.write({ 'nx.json': JSON.stringify({ plugins: [{ plugin: 'nx-stories', options: { ...offline, worktreeSetup: ['true', 'echo "no network" >&2; exit 7'] } }] }) });
      ws.write({ 'docs/stories/1.2.second.md': story().replace('1.1: Hello', '1.2: Second') });
      ws.commit('second story');
      expect(ws.nx(['run-many', '-t', 'implement']).status).not.toBe(0);
      const second = record(ws, '1.2');
      expect(second.status).toBe('Failed');
      expect(second.error.message).toMatch(/worktreeSetup step 2 `echo "no network" >&2; exit 7` exited with 7/);
    } finally {
      ws.cleanup();
    }
  });
});
