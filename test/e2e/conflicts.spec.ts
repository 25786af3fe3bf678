/**
 * The conflict loop end to end (issue 5): two stories that run at the same time change the same
 * file; the one that merges second conflicts, the base is merged into its branch, and the agent
 * resolves the conflict (phase `resolve-conflict`) — or cannot, and the story fails naming the paths.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';
import { tempDir, type TempDir } from '../../stories-plugin/src/testing/temp-dir';

const TOOLS = resolve(__dirname, '../../stories-plugin/tools/agents');

/** A story that writes its line into `shared.txt` once the other story has started too. */
function racingStory(args: { id: string; other: string; sync: string; resolution: string }): string {
  return [
    '---',
    'test: test -f shared.txt',
    '---',
    `# Story ${args.id}: Writer ${args.id}`,
    '',
    '## Implementation',
    '',
    '```sh',
    `touch ${args.sync}/${args.id}`,
    `for i in $(seq 1 600); do [ -f ${args.sync}/${args.other} ] && break; sleep 0.1; done`,
    `echo "from ${args.id}" > shared.txt`,
    '```',
    '',
    '## Resolve Conflict',
    '',
    '```sh',
    args.resolution,
    '```',
    '',
  ].join('\n');
}

const options = {
  agents: { 'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')] } },
  reviewer: { adapter: 'command', command: ['node', join(TOOLS, 'offline-reviewer.js')] },
};

function statusOf(path: string, id: string): { status: string; error?: { message: string } } {
  return JSON.parse(readFileSync(join(path, '.agent-orchestration', `story-${id}.json`), 'utf8'));
}

describe('merge conflicts', () => {
  let sync: TempDir;
  beforeEach(() => (sync = tempDir('nx-stories-sync-')));
  afterEach(() => sync.cleanup());

  it('hands a conflict to the agent, which resolves it; both stories merge', () => {
    const resolution = 'printf "from 1.1\\nfrom 1.2\\n" > shared.txt';
    const ws = nxWorkspace(
      {
        'docs/stories/1.1.first.md': racingStory({ id: '1.1', other: '1.2', sync: sync.path, resolution }),
        'docs/stories/1.2.second.md': racingStory({ id: '1.2', other: '1.1', sync: sync.path, resolution }),
      },
      options,
    );
    try {
      const result = ws.nx(['run-many', '-t', 'implement', '--parallel', '2']);
      expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({ status: 0, output: '' });
      expect(readFileSync(join(ws.path, 'shared.txt'), 'utf8')).toBe('from 1.1\nfrom 1.2\n');
      expect(statusOf(ws.path, '1.1').status).toBe('Merged');
      expect(statusOf(ws.path, '1.2').status).toBe('Merged');
      const history = readFileSync(join(ws.path, '.agent-orchestration/history.jsonl'), 'utf8');
      expect(history).toMatch(/"event":"CONFLICT"/);
      const logs = [...readdirSync(join(ws.path, '.agent-orchestration/logs/1.1')), ...readdirSync(join(ws.path, '.agent-orchestration/logs/1.2'))];
      expect(logs).toContain('resolve-conflict-1.prompt.md');
      expect(ws.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(ws.git('status', '--porcelain')).toBe('');
    } finally {
      ws.cleanup();
    }
  });

  it('fails the story that cannot resolve its conflict, naming the path, and keeps its branch', () => {
    const ws = nxWorkspace(
      {
        'docs/stories/1.1.first.md': racingStory({ id: '1.1', other: '1.2', sync: sync.path, resolution: 'echo "I give up" >&2; exit 1' }),
        'docs/stories/1.2.second.md': racingStory({ id: '1.2', other: '1.1', sync: sync.path, resolution: 'echo "I give up" >&2; exit 1' }),
      },
      options,
    );
    try {
      const result = ws.nx(['run-many', '-t', 'implement', '--parallel', '2']);
      expect(result.status).not.toBe(0);
      const [merged, lost] = statusOf(ws.path, '1.1').status === 'Merged' ? ['1.1', '1.2'] : ['1.2', '1.1'];
      expect(statusOf(ws.path, merged).status).toBe('Merged');
      expect(statusOf(ws.path, lost)).toMatchObject({ status: 'Failed', error: { message: expect.stringContaining('shared.txt') } });
      expect(ws.git('show', `story/${lost}-${lost === '1.1' ? 'first' : 'second'}:shared.txt`)).toBe(`from ${lost}`);
      expect(ws.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(ws.git('status', '--porcelain')).toBe('');
    } finally {
      ws.cleanup();
    }
  });
});
