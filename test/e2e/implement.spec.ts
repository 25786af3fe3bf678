/**
 * `nx run-many -t implement` end to end (issue 4): the real nx binary (daemon off) on a temp git
 * workspace, the offline agent and reviewer through the `command` adapter. Every story's script
 * appends its id to a file outside the repository, so the tests count agent starts exactly.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isProcessAlive } from '../../stories-plugin/src/process/process-group';
import { nxWorkspace, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';

const TOOLS = resolve(__dirname, '../../stories-plugin/tools/agents');

/** A story whose implementation writes `src/<id>.txt` (fresh content each time) and whose test checks it. */
function scriptedStory(args: { id: string; title: string; dependencies?: string; starts: string; extra?: string }): string {
  return [
    '---',
    `test: ${JSON.stringify(`test -f src/${args.id}.txt`)}`,
    '---',
    '',
    `# Story ${args.id}: ${args.title}`,
    '',
    `**Dependencies**: ${args.dependencies ?? 'none'}`,
    '',
    '## Acceptance Criteria',
    '',
    `- src/${args.id}.txt exists`,
    '',
    '## Implementation',
    '',
    '```sh',
    `echo ${args.id} >> ${args.starts}`,
    'mkdir -p src',
    `echo "${args.title} $(date +%s%N)" > src/${args.id}.txt`,
    ...(args.extra ? [args.extra] : []),
    '```',
    '',
  ].join('\n');
}

function agents(extra: Record<string, unknown> = {}) {
  return {
    agents: { 'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')] } },
    reviewer: { adapter: 'command', command: ['node', join(TOOLS, 'offline-reviewer.js')] },
    ...extra,
  };
}

function starts(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).sort() : [];
}

function records(ws: NxWorkspace): Record<string, { status: string; error?: { message: string; blockedBy?: string[] }; reviewRounds: number }> {
  const dir = join(ws.path, '.agent-orchestration');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => /^story-.*\.json$/.test(name))
      .map((name) => {
        const record = JSON.parse(readFileSync(join(dir, name), 'utf8'));
        return [record.storyId, record];
      }),
  );
}

function statuses(ws: NxWorkspace): Record<string, string> {
  return Object.fromEntries(Object.entries(records(ws)).map(([id, record]) => [id, record.status]));
}

describe('nx run-many -t implement', () => {
  let scratch: TempDir;
  beforeEach(() => (scratch = tempDir('nx-stories-scratch-')));
  afterEach(() => scratch.cleanup());

  it('merges 8 stories in dependency order, then reruns start no agent (warm cache, cold cache, no state), and affected re-implements exactly the edited story and its dependents', () => {
    const log = join(scratch.path, 'starts');
    const story = (id: string, title: string, dependencies?: string) => scriptedStory({ id, title, dependencies, starts: log });
    const ws = nxWorkspace(
      {
        'docs/stories/0.1.setup.md': story('0.1', 'Setup'),
        'docs/stories/1.1.sign-up.md': story('1.1', 'Sign up'),
        'docs/stories/1.2.log-in.md': story('1.2', 'Log in', '1.1'),
        'docs/stories/1.3.log-out.md': story('1.3', 'Log out'),
        'docs/stories/2.1.profile.md': story('2.1', 'Profile'),
        'docs/stories/2.2.avatar.md': story('2.2', 'Avatar', '1.2, 2.1'),
        'docs/stories/3.1.billing.md': story('3.1', 'Billing', '2.2'),
        'docs/stories/3.2.invoices.md': story('3.2', 'Invoices', '1.3'),
      },
      agents(),
    );
    try {
      const first = ws.nx(['run-many', '-t', 'implement', '--parallel', '3']);
      expect(first.status).toBe(0);
      expect(starts(log)).toEqual(['0.1', '1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2']);
      const merges = ws.git('log', '--merges', '--first-parent', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean);
      expect([...merges].sort()).toEqual(['0.1', '1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2']);
      // Dependencies merged before their dependents.
      const order = merges.reverse();
      expect(order.indexOf('1.1')).toBeLessThan(order.indexOf('1.2'));
      expect(order.indexOf('2.2')).toBeLessThan(order.indexOf('3.1'));
      expect(ws.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(ws.git('branch', '--list', 'story/*')).toBe('');
      expect(Object.values(statuses(ws))).toEqual(Array(8).fill('Merged'));
      const state = JSON.parse(readFileSync(join(ws.path, '.agent-orchestration/orchestration-state.json'), 'utf8'));
      expect(state).toMatchObject({ totalStories: 8, completed: 8, failed: 0, blocked: 0 });
      expect(readFileSync(join(ws.path, 'docs/stories/1.2.log-in.md'), 'utf8')).toMatch(/## Review\n\n### Round 1: Approved/);
      expect(readdirSync(join(ws.path, '.agent-orchestration/locks')).filter((name) => name.endsWith('.lock'))).toEqual([]);

      writeFileSync(log, '');
      expect(ws.nx(['run-many', '-t', 'implement', '--parallel', '3']).status).toBe(0);
      expect(ws.nx(['reset']).status).toBe(0);
      ws.git('clean', '-fdxq', '-e', 'node_modules');
      const cold = ws.nx(['run-many', '-t', 'implement', '--parallel', '3']);
      expect(cold.status).toBe(0);
      expect(starts(log)).toEqual([]);
      expect(Object.values(statuses(ws))).toEqual(Array(8).fill('Merged'));

      const file = join(ws.path, 'docs/stories/1.2.log-in.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('- src/1.2.txt exists', '- src/1.2.txt exists\n- and says hello'));
      ws.commit('edit story 1.2');
      const affected = ws.nx(['affected', '-t', 'implement', '--base=HEAD~1', '--head=HEAD', '--parallel', '3']);
      expect(affected.status).toBe(0);
      expect(starts(log)).toEqual(['1.2', '2.2', '3.1']);
      expect(ws.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    } finally {
      ws.cleanup();
    }
  });

  it('isolates a failure: the story Failed with its branch kept, dependents Blocked naming it, independent stories merged', () => {
    const log = join(scratch.path, 'starts');
    const ws = nxWorkspace(
      {
        'docs/stories/1.1.works.md': scriptedStory({ id: '1.1', title: 'Works', starts: log }),
        'docs/stories/1.2.breaks.md': scriptedStory({ id: '1.2', title: 'Breaks', starts: log, extra: 'echo "cannot do this" >&2; exit 3' }),
        'docs/stories/1.3.after-break.md': scriptedStory({ id: '1.3', title: 'After break', dependencies: '1.2', starts: log }),
        'docs/stories/1.4.later.md': scriptedStory({ id: '1.4', title: 'Later', dependencies: '1.3', starts: log }),
        'docs/stories/2.1.independent.md': scriptedStory({ id: '2.1', title: 'Independent', starts: log }),
      },
      agents(),
    );
    try {
      const result = ws.nx(['run-many', '-t', 'implement', '--parallel', '2']);
      expect(result.status).not.toBe(0);
      const all = records(ws);
      expect(all['1.1'].status).toBe('Merged');
      expect(all['2.1'].status).toBe('Merged');
      expect(all['1.2'].status).toBe('Failed');
      expect(all['1.2'].error?.message).toMatch(/agent general-developer failed/);
      expect(all['1.3']).toMatchObject({ status: 'Blocked', error: { blockedBy: ['1.2'] } });
      expect(all['1.4']).toMatchObject({ status: 'Blocked', error: { blockedBy: ['1.2'] } });
      expect(ws.git('branch', '--list', 'story/1.2*', '--format=%(refname:short)')).toBe('story/1.2-breaks');
      expect(ws.git('show', 'story/1.2-breaks:src/1.2.txt')).toMatch(/^Breaks/);
      expect(ws.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(readdirSync(join(ws.path, '.agent-orchestration/logs/1.2')).length).toBeGreaterThan(0);
      expect(starts(log)).toEqual(['1.1', '1.2', '2.1']);
    } finally {
      ws.cleanup();
    }
  });

  it('records two review rounds in the story file when the reviewer asks for changes once, then merges', () => {
    const log = join(scratch.path, 'starts');
    const reviewer = join(scratch.path, 'reviewer-once.js');
    const marker = join(scratch.path, 'reviewed-once');
    writeFileSync(
      reviewer,
      `const fs = require('fs');
       const first = !fs.existsSync(${JSON.stringify(marker)});
       fs.writeFileSync(${JSON.stringify(marker)}, 'x');
       fs.writeFileSync(process.env.STORY_VERDICT_FILE, JSON.stringify(first
         ? { verdict: 'changes_requested', findings: ['Add a greeting line'] }
         : { verdict: 'approve', findings: [] }));`,
    );
    const ws = nxWorkspace(
      { 'docs/stories/1.1.greeting.md': scriptedStory({ id: '1.1', title: 'Greeting', starts: log }) },
      { ...agents(), reviewer: { adapter: 'command', command: ['node', reviewer] } },
    );
    try {
      expect(ws.nx(['run-many', '-t', 'implement']).status).toBe(0);
      const text = readFileSync(join(ws.path, 'docs/stories/1.1.greeting.md'), 'utf8');
      expect(text).toMatch(/### Round 1: Changes requested[\s\S]*- Add a greeting line[\s\S]*### Round 2: Approved/);
      expect(records(ws)['1.1']).toMatchObject({ status: 'Merged', reviewRounds: 1 });
      expect(starts(log)).toEqual(['1.1', '1.1']);
    } finally {
      ws.cleanup();
    }
  });

  it('kills a timed-out agent with its children and fails the story with "timed out"', () => {
    const log = join(scratch.path, 'starts');
    const pidFile = join(scratch.path, 'child.pid');
    const ws = nxWorkspace(
      { 'docs/stories/1.1.slow.md': scriptedStory({ id: '1.1', title: 'Slow', starts: log, extra: `sleep 300 & echo $! > ${pidFile}; sleep 300` }) },
      agents({ agentTimeoutSeconds: 2 }),
    );
    try {
      expect(ws.nx(['run-many', '-t', 'implement']).status).not.toBe(0);
      const record = records(ws)['1.1'];
      expect(record.status).toBe('Failed');
      expect(record.error?.message).toMatch(/timed out after 2 s/);
      // A killed child may linger as a zombie until init reaps it: that is gone, not running.
      expect(isProcessAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    } finally {
      ws.cleanup();
    }
  });
});
