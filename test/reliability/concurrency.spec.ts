/**
 * Concurrency stress (issue 9): 40 stories with independent changes at `--parallel 8` while a
 * "user" keeps committing to the base branch in the main working tree. Every story must be merged
 * exactly once, every user commit must stay on main with its file, and git must be consistent.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_GIT_ENV } from '../../stories-plugin/src/testing/git-repo';
import { completedRunProblems, readHistoryLines } from './support/invariants';
import { runNx } from './support/nx-process';
import { scriptedStory, storyFileName } from './support/stories';
import { reliabilityWorkspace } from './support/workspace';

const run = promisify(execFile);
const STORIES = 40;
const PARALLEL = 8;

/** A person committing in the main working tree until told to stop, retrying when git's index is busy. */
function startUser(root: string): { stop(): Promise<{ commits: string[]; busy: number }> } {
  const commits: string[] = [];
  let busy = 0;
  let stopping = false;
  const git = (...args: string[]) => run('git', args, { cwd: root, env: { ...process.env, ...TEST_GIT_ENV } });
  const loop = (async () => {
    for (let n = 1; !stopping; n++) {
      const file = `user/note-${n}.txt`;
      mkdirSync(join(root, 'user'), { recursive: true });
      writeFileSync(join(root, file), `user note ${n}\n`);
      for (;;) {
        try {
          await git('add', '--', file);
          await git('commit', '-q', '-m', `user: note ${n}`, '--', file);
          commits.push((await git('rev-parse', 'HEAD')).stdout.trim());
          break;
        } catch (error) {
          // index.lock held by a merge updating this checkout: a person would try again.
          if (!/index\.lock|cannot lock ref|Unable to create/.test(String((error as { stderr?: string }).stderr))) throw error;
          busy++;
          await new Promise((done) => setTimeout(done, 50));
        }
      }
      await new Promise((done) => setTimeout(done, 300));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return { commits, busy };
    },
  };
}

describe('concurrency', () => {
  it(`merges ${STORIES} independent stories at --parallel ${PARALLEL} while a user commits to the base branch`, async () => {
    const ids = Array.from({ length: STORIES }, (_, index) => `${Math.floor(index / 10) + 1}.${(index % 10) + 1}`);
    const files = Object.fromEntries(ids.map((id) => [storyFileName(id, `feature-${id.replace('.', '-')}`), scriptedStory({ id, title: `Feature ${id}` })]));
    const ws = reliabilityWorkspace(files);
    try {
      const user = startUser(ws.path);
      const result = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement', '--parallel', String(PARALLEL)] });
      const { commits, busy } = await user.stop();
      process.stdout.write(`concurrency: ${STORIES} stories, ${commits.length} user commits meanwhile (${busy} retries on a busy index), nx peak RSS ${result.peakRssKiB} KiB\n`);
      if (process.env.RELIABILITY_DEBUG_DIR) writeFileSync(join(process.env.RELIABILITY_DEBUG_DIR, 'concurrency.log'), result.output);
      expect({ status: result.status, tail: result.status === 0 ? '' : result.output.slice(-3000) }).toEqual({ status: 0, tail: '' });
      expect(completedRunProblems(ws, ids)).toEqual([]);
      expect(commits.length).toBeGreaterThan(5);
      for (const commit of commits) expect(() => ws.git('merge-base', '--is-ancestor', commit, 'main')).not.toThrow();
      const onMain = ws.git('ls-tree', '--name-only', 'main', 'user/').split('\n').filter(Boolean);
      expect(onMain).toHaveLength(commits.length);
      // The base moved under the merges; each story still merged once, after the user's work.
      expect(readHistoryLines(ws.path).filter((entry) => entry.to === 'Merged')).toHaveLength(STORIES);
    } finally {
      ws.cleanup();
    }
  }, 900_000);
});
