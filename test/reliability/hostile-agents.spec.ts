/**
 * Agents that misbehave (issue 9): one that prints 300 MB, one that never exits, one that forks
 * children (one of them into its own session), one that deletes its worktree, one that commits
 * to another branch, and two that rewrite the base branch's history (a `reset --hard` in the main
 * working tree, a force-update of main from inside the worktree). Each story ends with a clear
 * error or a safe result; independent stories merge; nothing is lost or left running.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS, scriptedStory, storyFileName } from './support/stories';
import { fsckProblems, leftovers, readRecords, dirtyCheckout } from './support/invariants';
import { runNx } from './support/nx-process';
import { killProcessesWorkingIn, processesWorkingIn, waitFor } from './support/processes';
import { reliabilityWorkspace } from './support/workspace';

const FLOOD_BYTES = 300 * 1024 * 1024;
/** The log cap of one process run (process/spawn.ts DEFAULT_MAX_LOG_BYTES), plus the tail and notes. */
const LOG_CAP_BYTES = 200 * 1024 * 1024 + 5 * 1024 * 1024;
/** The log's lines of our own notes (`[nx-stories] ...`), found without reading 200 MB into memory. */
function logNotes(root: string, storyId: string): string {
  const file = join(root, '.agent-orchestration/logs', storyId, 'implement-1.log');
  return execFileSync('grep', ['-a', '^\\[nx-stories\\]', file], { encoding: 'utf8' });
}

function logSizes(root: string, storyId: string): number[] {
  const dir = join(root, '.agent-orchestration/logs', storyId);
  return existsSync(dir) ? readdirSync(dir).map((name) => statSync(join(dir, name)).size) : [];
}

describe('hostile agents', () => {
  it('bounds a flood, times out a hang, reaps forked children, and fails cleanly on a deleted worktree or a foreign branch', async () => {
    const ws = reliabilityWorkspace(
      {
        [storyFileName('1.1', 'good')]: scriptedStory({ id: '1.1', title: 'Good' }),
        [storyFileName('1.2', 'flood')]: scriptedStory({
          id: '1.2',
          title: 'Flood',
          // `yes` ends on SIGPIPE once `head` has its bytes; pipefail would call that a failure.
          before: [`{ yes 'flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood' | head -c ${FLOOD_BYTES}; } || true`],
        }),
        [storyFileName('1.3', 'hang')]: scriptedStory({ id: '1.3', title: 'Hang', frontMatter: ['agent: slow-agent'], before: ['sleep 100000'] }),
        [storyFileName('1.4', 'forks')]: scriptedStory({
          id: '1.4',
          title: 'Forks',
          before: ['sleep 1001 &', '(sleep 1002 &)', 'nohup sleep 1003 >/dev/null 2>&1 &', 'setsid sleep 1004 >/dev/null 2>&1 < /dev/null &'],
        }),
        [storyFileName('1.5', 'deletes')]: scriptedStory({ id: '1.5', title: 'Deletes', before: ['here=$(pwd)', 'cd /', 'rm -rf "$here"', 'exit 0'] }),
        [storyFileName('1.6', 'side')]: scriptedStory({
          id: '1.6',
          title: 'Side',
          after: ['git checkout -q -b agent-side', 'git add -A', 'git -c user.name=a -c user.email=a@b commit -q -m "side work"'],
        }),
      },
      {
        agents: {
          'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')] },
          'slow-agent': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')], timeoutSeconds: 3 },
        },
      },
    );
    try {
      const base = ws.git('rev-parse', 'main');
      const result = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement', '--parallel', '3'] });
      expect(result.status).not.toBe(0);
      const records = readRecords(ws.path);
      if (process.env.RELIABILITY_DEBUG_DIR) {
        const summary = Object.values(records).map((record) => `${record.storyId} ${record.status} ${record.error?.message ?? ''}`);
        writeFileSync(join(process.env.RELIABILITY_DEBUG_DIR, 'hostile-agents.txt'), `${summary.join('\n')}\n\n${result.output}`);
      }
      const merged = ws.git('log', '--first-parent', '--merges', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean).sort();

      process.stdout.write(`hostile agents: flood log ${Math.max(...logSizes(ws.path, '1.2'))} bytes, nx peak RSS ${result.peakRssKiB} KiB\n`);
      // The flood: merged, its log capped, memory bounded (a whole copy would be 300 MB).
      expect(records['1.2'].status).toBe('Merged');
      const floodLog = Math.max(...logSizes(ws.path, '1.2'));
      expect(floodLog).toBeGreaterThan(150 * 1024 * 1024); // it did flood
      expect(floodLog).toBeLessThan(LOG_CAP_BYTES); // and the log stopped at the cap
      expect(logNotes(ws.path, '1.2')).toMatch(/bytes of output were not logged \(cap \d+ bytes\)/);
      expect(result.peakRssKiB).toBeLessThan(400 * 1024);
      // The hang: failed with the timeout, nothing of it left running.
      expect(records['1.3']).toMatchObject({ status: 'Failed', error: { message: expect.stringMatching(/timed out after 3 s/) } });
      // The forks: the agent exited 0, its children were reaped, the story merged.
      expect(records['1.4'].status).toBe('Merged');
      // The deleted worktree: a clear failure, nothing left registered.
      expect(records['1.5'].status).toBe('Failed');
      expect(records['1.5'].error?.message).toMatch(/worktree|no such file|does not exist|not a git repository/i);
      // The foreign branch: refused (only story branches are committed to), the agent's branch kept.
      expect(records['1.6']).toMatchObject({ status: 'Failed', error: { message: expect.stringMatching(/not on a story branch/) } });
      expect(ws.git('log', '-1', '--format=%s', 'agent-side')).toBe('side work');
      expect(merged).toEqual(['1.1', '1.2', '1.4']);
      expect(ws.git('merge-base', '--is-ancestor', base, 'main')).toBe('');

      expect(await waitFor(() => processesWorkingIn(ws.path).length === 0, { timeoutMs: 10_000, intervalMs: 200 })).toBe(true);
      expect(leftovers(ws.path)).toEqual([]);
      expect(fsckProblems(ws.path)).toEqual([]);
      expect(dirtyCheckout(ws.path)).toEqual([]);
    } finally {
      killProcessesWorkingIn(ws.path);
      ws.cleanup();
    }
  }, 600_000);

  const MAIN_REPO = 'main_repo=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")';
  it.each([
    ['resets the main working tree to HEAD~1', [MAIN_REPO, 'git -C "$main_repo" reset -q --hard HEAD~1'], /main was rewritten while the agent ran: it no longer contains ([0-9a-f]{12})/],
    ['moves main back from inside its worktree', ['git update-ref refs/heads/main HEAD~1'], /main was rewritten while the agent ran: it no longer contains ([0-9a-f]{12})/],
    [
      'force-updates main to its own commit',
      ['mkdir -p src', 'echo early > src/early.txt', 'git add -A', 'git -c user.name=a -c user.email=a@b commit -qm "unreviewed"', 'git update-ref refs/heads/main HEAD'],
      /main was moved to the story's own unreviewed commits \(([0-9a-f]{12})\)/,
    ],
  ])('fails the story whose agent %s, naming the commit that restores main', async (_name, lines, reason) => {
    const ws = reliabilityWorkspace({
      [storyFileName('1.1', 'good')]: scriptedStory({ id: '1.1', title: 'Good' }),
      [storyFileName('1.2', 'rewrite')]: scriptedStory({ id: '1.2', title: 'Rewrite', dependencies: ['1.1'], before: lines as string[] }),
      [storyFileName('1.3', 'after')]: scriptedStory({ id: '1.3', title: 'After', dependencies: ['1.2'] }),
    });
    try {
      ws.commit('user work', { 'user.txt': 'mine\n' });
      const result = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement'] });
      expect(result.status).not.toBe(0);
      const records = readRecords(ws.path);
      expect(records['1.1'].status).toBe('Merged');
      expect(records['1.2'].status).toBe('Failed');
      const named = (reason as RegExp).exec(records['1.2'].error?.message ?? '');
      expect({ message: records['1.2'].error?.message, matched: named !== null }).toEqual({ message: expect.any(String), matched: true });
      // Nothing is lost: the named commit exists, and with it everything main held.
      expect(ws.git('cat-file', '-t', named![1])).toBe('commit');
      expect(records['1.3']).toMatchObject({ status: 'Blocked', error: { blockedBy: ['1.2'] } });
      expect(ws.git('log', '--merges', '--format=%s', 'main')).not.toMatch(/story 1\.2/);
      expect(leftovers(ws.path)).toEqual([]);
      expect(fsckProblems(ws.path)).toEqual([]);
    } finally {
      killProcessesWorkingIn(ws.path);
      ws.cleanup();
    }
  }, 300_000);
});
