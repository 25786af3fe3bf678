import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepo, type GitRepo } from '../testing/git-repo';
import { clearStaleStoryLocks } from './story-locks';

describe('clearStaleStoryLocks', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo()));
  afterEach(() => repo.cleanup());

  it("removes a story's ref locks, its worktrees' locks and an unfinished-add marker, and nothing of other stories", async () => {
    for (const [id, name] of [['1.1', 'agent-dev-1.1-20250101-000000'], ['1.10', 'agent-dev-1.10-20250101-000000']]) {
      repo.git('worktree', 'add', '-q', '-b', `story/${id}-x`, join(repo.path, '.worktrees', name), 'main');
      const admin = join(repo.path, '.git/worktrees', name);
      for (const file of ['index.lock', 'HEAD.lock']) writeFileSync(join(admin, file), '');
      writeFileSync(join(admin, 'locked'), 'initializing');
      mkdirSync(join(repo.path, '.git/refs/heads/story'), { recursive: true });
      writeFileSync(join(repo.path, `.git/refs/heads/story/${id}-x.lock`), '');
    }
    writeFileSync(join(repo.path, '.git/index.lock'), ''); // the user's, never a story's
    const removed = await clearStaleStoryLocks({ repoRoot: repo.path, storyId: '1.1' });
    expect(removed.map((path) => path.slice(repo.path.length + 1)).sort()).toEqual([
      '.git/refs/heads/story/1.1-x.lock',
      '.git/worktrees/agent-dev-1.1-20250101-000000/HEAD.lock',
      '.git/worktrees/agent-dev-1.1-20250101-000000/index.lock',
      '.git/worktrees/agent-dev-1.1-20250101-000000/locked',
    ]);
    expect(existsSync(join(repo.path, '.git/refs/heads/story/1.10-x.lock'))).toBe(true);
    expect(existsSync(join(repo.path, '.git/worktrees/agent-dev-1.10-20250101-000000/index.lock'))).toBe(true);
    expect(existsSync(join(repo.path, '.git/index.lock'))).toBe(true);
  });

  it('keeps a lock marker a person set (`git worktree lock --reason`)', async () => {
    const name = 'agent-dev-1.1-20250101-000000';
    repo.git('worktree', 'add', '-q', '-b', 'story/1.1-x', join(repo.path, '.worktrees', name), 'main');
    repo.git('worktree', 'lock', '--reason', 'inspecting it', join(repo.path, '.worktrees', name));
    expect(await clearStaleStoryLocks({ repoRoot: repo.path, storyId: '1.1' })).toEqual([]);
    expect(existsSync(join(repo.path, '.git/worktrees', name, 'locked'))).toBe(true);
  });

  it('with olderThanMs, leaves a lock young enough to belong to a live git', async () => {
    mkdirSync(join(repo.path, '.git/refs/heads/story'), { recursive: true });
    const young = join(repo.path, '.git/refs/heads/story/1.1-x.lock');
    const old = join(repo.path, '.git/refs/heads/story/1.1-y.lock');
    writeFileSync(young, '');
    writeFileSync(old, '');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(old, minuteAgo, minuteAgo);
    expect(await clearStaleStoryLocks({ repoRoot: repo.path, storyId: '1.1', olderThanMs: 5_000 })).toEqual([old]);
    expect(existsSync(young)).toBe(true);
  });
});
