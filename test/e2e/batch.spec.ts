/**
 * Nx's batch mode for `implement` (the executor's `batchImplementation` with `preferBatch`): all
 * the stories of one command in one process, scheduled by their dependencies at the `--parallel`
 * of the nx command line, each task's output reported apart. Real nx, real git, the offline agent.
 */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nxWorkspace, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';

const TOOLS = resolve(__dirname, '../../stories-plugin/tools/agents');

/** A story whose agent logs when it starts and ends, sleeping in between. */
function timedStory(args: { id: string; dependencies?: string; timeline: string }): string {
  return [
    '---',
    `test: ${JSON.stringify(`test -f src/${args.id}.txt`)}`,
    '---',
    '',
    `# Story ${args.id}: Timed ${args.id}`,
    '',
    `**Dependencies**: ${args.dependencies ?? 'none'}`,
    '',
    '## Implementation',
    '',
    '```sh',
    `echo "start ${args.id} $(date +%s%N)" >> ${args.timeline}`,
    'sleep 1',
    'mkdir -p src',
    `echo ${args.id} > src/${args.id}.txt`,
    `echo "end ${args.id} $(date +%s%N)" >> ${args.timeline}`,
    '```',
    '',
  ].join('\n');
}

/** Nx's output without colours. */
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

const AGENTS = {
  agents: { 'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')] } },
  reviewer: { adapter: 'command', command: ['node', join(TOOLS, 'offline-reviewer.js')] },
};

/** The most agents that ran at the same time, from the timeline's start and end lines. */
function peakConcurrency(timeline: string): number {
  const events = readFileSync(timeline, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .map(([kind, , time]) => ({ delta: kind === 'start' ? 1 : -1, time: BigInt(time) }))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.delta - b.delta));
  let running = 0;
  let peak = 0;
  for (const event of events) {
    running += event.delta;
    peak = Math.max(peak, running);
  }
  return peak;
}

/** Stories 1.1 and 1.2 (which depends on 1.1). */
function chainOfTwo(timeline: string): NxWorkspace {
  return nxWorkspace(
    {
      'docs/stories/1.1.a.md': timedStory({ id: '1.1', timeline }),
      'docs/stories/1.2.b.md': timedStory({ id: '1.2', dependencies: '1.1', timeline }),
    },
    AGENTS,
  );
}

describe('implement in Nx batch mode', () => {
  let scratch: TempDir;
  beforeEach(() => (scratch = tempDir('nx-stories-batch-')));
  afterEach(() => scratch.cleanup());

  it.each([
    [['--parallel', '1'], 1],
    [['--parallel=3'], 3],
  ])('runs every story in one batch process at %j (peak %d agents), each task reporting its own output', (parallelArgs, peak) => {
    const timeline = join(scratch.path, 'timeline');
    const ws = nxWorkspace(
      {
        'docs/stories/1.1.a.md': timedStory({ id: '1.1', timeline }),
        'docs/stories/1.2.b.md': timedStory({ id: '1.2', timeline }),
        'docs/stories/1.3.c.md': timedStory({ id: '1.3', timeline }),
        'docs/stories/2.1.after.md': timedStory({ id: '2.1', dependencies: '1.1, 1.2, 1.3', timeline }),
      },
      AGENTS,
    );
    try {
      const result = ws.nx(['run-many', '-t', 'implement', ...parallelArgs]);
      expect(result.status).toBe(0);
      expect(plain(result.stdout)).toContain('Running 4 tasks with nx-stories:implement');
      expect(peakConcurrency(timeline)).toBe(peak);
      // 2.1 started after every dependency had merged.
      const lines = readFileSync(timeline, 'utf8').split('\n');
      const start21 = lines.findIndex((line) => line.startsWith('start 2.1'));
      expect(lines.slice(0, start21).filter((line) => line.startsWith('end')).length).toBe(3);
      for (const id of ['1.1', '1.2', '1.3', '2.1']) expect(result.stdout).toContain(`[story ${id}] implement: merged`);
      expect(ws.git('log', '--merges', '--first-parent', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean).sort()).toEqual(['1.1', '1.2', '1.3', '2.1']);
    } finally {
      ws.cleanup();
    }
  });

  it('answers a rerun of merged stories with a cold cache from one reading of git, and still tidies a story a crash left untidy (branch and its stale lock)', () => {
    const timeline = join(scratch.path, 'timeline');
    const ws = chainOfTwo(timeline);
    try {
      expect(ws.nx(['run-many', '-t', 'implement']).status).toBe(0);
      writeFileSync(timeline, '');
      expect(ws.nx(['reset']).status).toBe(0);
      ws.git('branch', 'story/1.2-b', 'main'); // a merged story's branch left behind by a crash,
      const refLock = join(ws.path, '.git/refs/heads/story/1.2-b.lock'); // with the lock of the git killed deleting it
      writeFileSync(refLock, '');
      const minuteAgo = new Date(Date.now() - 60_000);
      utimesSync(refLock, minuteAgo, minuteAgo);
      const rerun = ws.nx(['run-many', '-t', 'implement']);
      expect(rerun.status).toBe(0);
      expect(readFileSync(timeline, 'utf8')).toBe('');
      expect(rerun.stdout).toMatch(/\[story 1\.1\] implement: done: merged in [0-9a-f]{12}\n/);
      expect(rerun.stdout).toContain('[story 1.2] removed lock files a killed git left: .git/refs/heads/story/1.2-b.lock');
      expect(rerun.stdout).toContain('[story 1.2] deleted the merged branch story/1.2-b left behind');
      expect(ws.git('branch', '--list', 'story/*')).toBe('');
      expect(existsSync(refLock)).toBe(false);
    } finally {
      ws.cleanup();
    }
  });

  it('completes a documentation-only story (agent none) in its run step and goes on with its dependents', () => {
    const timeline = join(scratch.path, 'timeline');
    const ws = nxWorkspace(
      {
        'docs/stories/0.1.architecture.md': '# Story 0.1: Architecture\n\n**Agent**: none\n\n## Decision\n\nOne module per converter.\n',
        'docs/stories/1.1.a.md': timedStory({ id: '1.1', timeline }),
      },
      AGENTS,
    );
    try {
      const result = ws.nx(['run-many', '-t', 'implement']);
      expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ status: 0, output: '' });
      expect(result.stdout).toContain('[story 0.1] implement: documentation only: nothing to implement');
      const record = JSON.parse(readFileSync(join(ws.path, '.agent-orchestration/story-0.1.json'), 'utf8'));
      expect(record.status).toBe('Merged');
      expect(ws.git('log', '--merges', '--first-parent', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean)).toEqual(['1.1']);
    } finally {
      ws.cleanup();
    }
  });

  it('runs one process per story with --batch=false, with the same result', () => {
    const timeline = join(scratch.path, 'timeline');
    const ws = chainOfTwo(timeline);
    try {
      const result = ws.nx(['run-many', '-t', 'implement', '--batch=false']);
      expect(result.status).toBe(0);
      expect(plain(result.stdout)).not.toContain('tasks with nx-stories:implement');
      expect(ws.git('log', '--merges', '--first-parent', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean)).toEqual(['1.2', '1.1']);
    } finally {
      ws.cleanup();
    }
  });
});
