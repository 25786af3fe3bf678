import { existsSync, readFileSync } from 'node:fs';
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
});
