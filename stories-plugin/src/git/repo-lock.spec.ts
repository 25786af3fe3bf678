import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { gitRepo, GitRepo } from '../testing/git-repo';
import { repoLockPath, withRepoLock } from './repo-lock';

describe('repository lock', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo()));
  afterEach(() => repo.cleanup());

  it('is one absolute file in the git common dir, the same from every worktree', async () => {
    repo.git('worktree', 'add', '-q', '--no-track', '-b', 'story/1.1-x', join(repo.path, '.worktrees', 'w'), 'main');
    const expected = join(repo.path, '.git', 'nx-stories.lock');
    expect(await repoLockPath(repo.path)).toBe(expected);
    expect(await repoLockPath(join(repo.path, '.worktrees', 'w'))).toBe(expected);
  });

  it('serializes concurrent holders and names the purpose in the lock file', async () => {
    const events: string[] = [];
    const holder = (name: string) =>
      withRepoLock({ repoRoot: repo.path, purpose: `test ${name}` }, async () => {
        events.push(`${name} in`);
        expect(JSON.parse(readFileSync(join(repo.path, '.git', 'nx-stories.lock'), 'utf8')).purpose).toBe(`test ${name}`);
        await new Promise((done) => setTimeout(done, 30));
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    for (let i = 0; i < events.length; i += 2) expect(events[i].split(' ')[0]).toBe(events[i + 1].split(' ')[0]);
    expect(existsSync(join(repo.path, '.git', 'nx-stories.lock'))).toBe(false);
  });

  it('is re-entrant within one call chain instead of waiting for itself', async () => {
    const result = await withRepoLock({ repoRoot: repo.path, purpose: 'outer', timeoutMs: 500 }, () =>
      withRepoLock({ repoRoot: repo.path, purpose: 'inner', timeoutMs: 500 }, () => 'nested'),
    );
    expect(result).toBe('nested');
  });

  it('after taking the lock over from a holder killed by SIGKILL, removes the packed-refs lock its git left, but not a lock older than its hold', async () => {
    const lockPath = await repoLockPath(repo.path);
    const holder = spawnSync(process.execPath, ['-e', '0']); // a pid that no longer runs
    const acquiredAt = new Date(Date.now() - 20_000).toISOString();
    writeFileSync(lockPath, JSON.stringify({ pid: holder.pid, hostname: hostname(), acquiredAt, token: 'dead' }));
    const packedRefsLock = join(repo.path, '.git', 'packed-refs.lock');
    const configLock = join(repo.path, '.git', 'config.lock');
    writeFileSync(packedRefsLock, '');
    writeFileSync(configLock, '');
    const duringHold = new Date(Date.now() - 10_000);
    const beforeHold = new Date(Date.now() - 60_000);
    utimesSync(packedRefsLock, duringHold, duringHold);
    utimesSync(configLock, beforeHold, beforeHold); // the user's, from before: not ours to judge
    await withRepoLock({ repoRoot: repo.path, purpose: 'after a crash', timeoutMs: 2_000 }, () => undefined);
    expect(existsSync(packedRefsLock)).toBe(false);
    expect(existsSync(configLock)).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  });
});
