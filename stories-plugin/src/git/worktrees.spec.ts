import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitRepo, GitRepo } from '../testing/git-repo';
import { commitAll } from './commit';
import { branchChanges } from './merge';
import { currentBranch } from './repo';
import {
  createStoryWorktree, listStoryWorktrees, pruneWorktrees, removeStoryWorktree, reuseOrCreateStoryWorktree,
} from './worktrees';

const NOW = new Date(Date.UTC(2025, 0, 12, 14, 30, 22));
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

describe('story worktrees', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo({ 'README.md': '# r\n', 'src/a.txt': 'a\n', 'old.txt': 'old\n' })));
  afterEach(() => repo.cleanup());
  const story = (now = NOW) => ({ repoRoot: repo.path, baseBranch: 'main', storyId: '1.2', slug: 'login-form', agent: 'react-developer', now });

  it('creates the contract path and branch from the base tip, without tracking, invisible to the user', async () => {
    const base = repo.git('rev-parse', 'main');
    const created = await createStoryWorktree(story());
    expect(created).toEqual({
      path: join(repo.path, '.worktrees', 'agent-react-developer-1.2-20250112-143022'),
      branch: 'story/1.2-login-form',
      baseCommit: base,
    });
    expect(repo.git('-C', created.path, 'symbolic-ref', 'HEAD')).toBe('refs/heads/story/1.2-login-form');
    expect(readFileSync(join(created.path, 'src/a.txt'), 'utf8')).toBe('a\n');
    expect(repo.git('config', '--list', '--local')).not.toMatch(/^branch\./m);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(await currentBranch({ repoRoot: repo.path })).toBe('main');
    expect(await listStoryWorktrees({ repoRoot: repo.path })).toEqual([
      { path: created.path, branch: created.branch, head: base, storyId: '1.2', agent: 'react-developer', prunable: false, locked: false, registered: true },
    ]);
  });

  it('refuses hostile story data before touching git', async () => {
    await expect(createStoryWorktree({ ...story(), storyId: '../1.2' })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    await expect(createStoryWorktree({ ...story(), agent: '../..' })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    await expect(createStoryWorktree({ ...story(), baseBranch: '-x' })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    expect(existsSync(join(repo.path, '.worktrees'))).toBe(false);
  });

  it('commits new, changed and deleted files but never orchestration state or nested worktrees', async () => {
    const { path, branch } = await createStoryWorktree(story());
    writeFileSync(join(path, 'new file.txt'), 'n\n');
    writeFileSync(join(path, 'src/a.txt'), 'changed\n');
    rmSync(join(path, 'old.txt'));
    writeFiles(path, { '.agent-orchestration/story-1.2.json': '{}', '.worktrees/x/y': 'y' });
    repo.git('-C', path, 'add', '-f', '.agent-orchestration'); // an agent staging state must not get it committed
    const commit = await commitAll({ worktree: path, message: 'Story 1.2: agent work' });
    expect(commit).toBe(repo.git('rev-parse', branch));
    expect(repo.git('show', '--name-status', '--format=', commit as string).split('\n').sort()).toEqual(['A\tnew file.txt', 'D\told.txt', 'M\tsrc/a.txt']);
    expect(await commitAll({ worktree: path, message: 'again' })).toBeNull();
    expect((await branchChanges({ repoRoot: repo.path, baseBranch: 'main', branch })).sort()).toEqual(['new file.txt', 'old.txt', 'src/a.txt']);
  });

  it('leaves out the paths it is told to (files copied into the worktree) and refuses paths outside it', async () => {
    const { path } = await createStoryWorktree(story());
    writeFiles(path, { '.env': 'SECRET=1\n', 'config/local[1].json': '{}', 'work.txt': 'w\n' });
    const commit = await commitAll({ worktree: path, message: 'work', exclude: ['.env', 'config/local[1].json'] });
    expect(repo.git('show', '--name-only', '--format=', commit as string)).toBe('work.txt');
    await expect(commitAll({ worktree: path, message: 'x', exclude: ['../outside'] })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
  });

  it('never commits in a working tree that is not on a story branch', async () => {
    repo.write({ 'x.txt': 'x' });
    await expect(commitAll({ worktree: repo.path, message: 'no' })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    expect(repo.git('rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('keeps the branch of an earlier attempt, with the work left uncommitted in its worktree', async () => {
    const first = await createStoryWorktree(story());
    writeFileSync(join(first.path, 'work.txt'), 'first attempt\n');
    const firstCommit = await commitAll({ worktree: first.path, message: 'first' });
    writeFileSync(join(first.path, 'uncommitted.txt'), 'not yet committed\n');

    const second = await createStoryWorktree(story(later(1)));
    expect(second.branch).toBe('story/1.2-login-form');
    expect(second.baseCommit).toBe(repo.git('rev-parse', 'main'));
    expect(repo.git('rev-parse', second.branch)).toBe(second.baseCommit);
    expect(second.previousAttempt).toMatchObject({ keptAs: 'story/1.2-login-form-attempt-1', removedWorktree: first.path });
    expect(existsSync(first.path)).toBe(false);
    const kept = 'story/1.2-login-form-attempt-1';
    expect(repo.git('rev-parse', `${kept}~1`)).toBe(firstCommit);
    expect(repo.git('show', `${kept}:uncommitted.txt`)).toBe('not yet committed');

    await removeStoryWorktree({ repoRoot: repo.path, worktree: second.path });
    writeFileSync(join((await createStoryWorktree(story(later(2)))).path, 'x'), 'x');
    const third = await createStoryWorktree(story(later(3)));
    // The second attempt had no commit of its own; the third found one (the saved 'x').
    expect(third.previousAttempt?.keptAs).toBe('story/1.2-login-form-attempt-2');
    expect(repo.git('branch', '--list', 'story/*', '--format=%(refname:short)').split('\n').sort()).toEqual([
      'story/1.2-login-form', 'story/1.2-login-form-attempt-1', 'story/1.2-login-form-attempt-2',
    ]);
  });

  it('deletes a previous branch only when it holds no commit of its own', async () => {
    const first = await createStoryWorktree(story());
    await removeStoryWorktree({ repoRoot: repo.path, worktree: first.path });
    const second = await createStoryWorktree(story(later(1)));
    expect(second.previousAttempt).toEqual({ commit: first.baseCommit, keptAs: null });
  });

  it('reuses an intact worktree of an interrupted run, keeping its uncommitted work', async () => {
    const first = await createStoryWorktree(story());
    writeFileSync(join(first.path, 'half-done.txt'), 'wip\n');
    const again = await reuseOrCreateStoryWorktree(story(later(60)));
    expect(again).toEqual({ path: first.path, branch: first.branch, baseCommit: first.baseCommit, reused: true });
    expect(readFileSync(join(first.path, 'half-done.txt'), 'utf8')).toBe('wip\n');
  });

  it('creates afresh when the worktree of an interrupted run is gone, keeping its branch', async () => {
    const first = await createStoryWorktree(story());
    writeFileSync(join(first.path, 'w.txt'), 'w');
    await commitAll({ worktree: first.path, message: 'w' });
    rmSync(first.path, { recursive: true, force: true });
    const again = await reuseOrCreateStoryWorktree(story(later(60)));
    expect(again.reused).toBe(false);
    expect(again.path).not.toBe(first.path);
    expect(again.previousAttempt?.keptAs).toBe('story/1.2-login-form-attempt-1');
  });

  it('creates afresh after a `git worktree add` killed before HEAD was written, removing that broken registration', async () => {
    const broken = await createStoryWorktree(story());
    const admin = join(repo.path, '.git', 'worktrees', broken.path.split('/').pop() as string);
    writeFileSync(join(admin, 'HEAD'), `${'0'.repeat(40)}\n`); // what the kill leaves: HEAD points at nothing
    repo.git('branch', '-D', broken.branch);
    const again = await reuseOrCreateStoryWorktree(story(later(60)));
    expect(again.reused).toBe(false);
    expect(existsSync(broken.path)).toBe(false);
    expect((await listStoryWorktrees({ repoRoot: repo.path })).map((worktree) => worktree.path)).toEqual([again.path]);
    expect(repo.git('fsck')).toBe('');
  });

  it('lists worktrees again after a kill left an empty commondir (every git worktree list failed), then replaces that registration', async () => {
    const broken = await createStoryWorktree(story());
    const admin = join(repo.path, '.git', 'worktrees', broken.path.split('/').pop() as string);
    writeFileSync(join(admin, 'HEAD'), '');
    repo.git('branch', '-D', '--force', broken.branch);
    writeFileSync(join(admin, 'commondir'), '');
    const past = new Date(Date.now() - 10_000);
    utimesSync(join(admin, 'commondir'), past, past);
    expect(() => repo.git('worktree', 'list')).toThrow(/commondir/);
    expect((await listStoryWorktrees({ repoRoot: repo.path })).map((worktree) => worktree.path)).toEqual([broken.path]);
    const again = await createStoryWorktree(story(later(60)));
    expect((await listStoryWorktrees({ repoRoot: repo.path })).map((worktree) => worktree.path)).toEqual([again.path]);
    expect(repo.git('fsck')).toBe('');
  });

  it('removes a dirty worktree after saving its work, and deletes the branch only when asked', async () => {
    const kept = await createStoryWorktree(story());
    writeFileSync(join(kept.path, 'left.txt'), 'left\n');
    const removed = await removeStoryWorktree({ repoRoot: repo.path, worktree: kept.path });
    expect(removed).toMatchObject({ removed: true, branchDeleted: false, savedCommit: repo.git('rev-parse', kept.branch) });
    expect(repo.git('show', `${kept.branch}:left.txt`)).toBe('left');

    const merged = await createStoryWorktree({ ...story(later(1)), storyId: '1.3' });
    writeFileSync(join(merged.path, 'dirty.txt'), 'd');
    const gone = await removeStoryWorktree({ repoRoot: repo.path, worktree: merged.path, deleteBranch: { branch: merged.branch } });
    expect(gone).toEqual({ removed: true, savedCommit: null, branchDeleted: true });
    expect(repo.git('branch', '--list', merged.branch)).toBe('');
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('refuses to remove anything outside .worktrees or to delete a non-story branch', async () => {
    await expect(removeStoryWorktree({ repoRoot: repo.path, worktree: repo.path })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    await expect(removeStoryWorktree({ repoRoot: repo.path, worktree: '../x' })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    const { path } = await createStoryWorktree(story());
    await expect(removeStoryWorktree({ repoRoot: repo.path, worktree: path, deleteBranch: { branch: 'main' } })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    expect(existsSync(path)).toBe(true);
  });

  it('lists a story folder git does not know (an add or remove cut short) as unregistered, and removes it', async () => {
    const path = join(repo.path, '.worktrees', 'agent-dev-1.3-20261127-044540');
    mkdirSync(join(path, 'src'), { recursive: true });
    writeFileSync(join(path, 'src', 'half.txt'), 'half\n');
    mkdirSync(join(repo.path, '.worktrees', 'notes')); // not named like a story's worktree: left alone
    expect(await listStoryWorktrees({ repoRoot: repo.path })).toEqual([{ path, storyId: '1.3', agent: 'dev', prunable: false, locked: false, registered: false }]);
    expect(await removeStoryWorktree({ repoRoot: repo.path, worktree: path })).toMatchObject({ removed: true, savedCommit: null });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(repo.path, '.worktrees', 'notes'))).toBe(true);
  });

  it('lists a worktree whose folder vanished as prunable, and prunes it', async () => {
    const { path } = await createStoryWorktree(story());
    rmSync(path, { recursive: true, force: true });
    expect(await listStoryWorktrees({ repoRoot: repo.path })).toMatchObject([{ path, prunable: true }]);
    await pruneWorktrees({ repoRoot: repo.path });
    expect(await listStoryWorktrees({ repoRoot: repo.path })).toEqual([]);
  });

  it('reports a detached HEAD as having no current branch', async () => {
    repo.git('checkout', '-q', '--detach');
    await expect(currentBranch({ repoRoot: repo.path })).rejects.toMatchObject({ code: 'GIT_FAILED', message: expect.stringContaining('detached') });
  });
});
