import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoriesError } from '../errors';
import { gitRepo, GitRepo } from '../testing/git-repo';
import { commitAll } from './commit';
import { checkMergeConflicts, mergeStoryBranch } from './merge';
import { findMergedStory } from './merged-story';
import { createStoryWorktree } from './worktrees';

const NOW = new Date(Date.UTC(2025, 0, 12, 14, 30, 22));

/** `git status` entries, untrimmed (a leading space is meaningful). */
const statusOf = (repo: GitRepo) =>
  execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: repo.path, encoding: 'utf8' }).split('\0').filter(Boolean).sort();

/** Absolute path of the git on PATH. */
const realGit = () => (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'git')).find((file) => existsSync(file))!;

/**
 * A git (POSIX sh fixture) that, the first time main is about to be published, lets a "user"
 * commit land on main first; the real git does everything. A deterministic race with the compare-and-swap.
 */
const RACING_GIT = `#!/bin/sh
if [ "$1" = update-ref ] && [ ! -e "$RACE_MARKER" ]; then
  : > "$RACE_MARKER"
  tip=$("$REAL_GIT" rev-parse refs/heads/main)
  commit=$("$REAL_GIT" commit-tree "$tip^{tree}" -p "$tip" -m 'user commit meanwhile')
  "$REAL_GIT" update-ref refs/heads/main "$commit" "$tip"
fi
exec "$REAL_GIT" "$@"
`;

describe('merging story branches', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo({ 'README.md': '# r\n', 'shared.txt': 'line 1\n', 'user.txt': 'user\n', 'src/story.txt': 'old\n' })));
  afterEach(() => repo.cleanup());

  /** Creates a story worktree, writes `files` in it, commits them. */
  async function storyWith(storyId: string, files: Record<string, string>) {
    const created = await createStoryWorktree({ repoRoot: repo.path, baseBranch: 'main', storyId, slug: `s${storyId}`, agent: 'dev', now: NOW });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(created.path, name), text);
    await commitAll({ worktree: created.path, message: `story ${storyId}` });
    return created;
  }
  const merge = (storyId: string, branch: string, storyHash = `h${storyId}`) =>
    mergeStoryBranch({ repoRoot: repo.path, baseBranch: 'main', branch, storyId, storyHash, title: `Story ${storyId}` });
  const noLeftovers = () => {
    for (const file of ['MERGE_HEAD', 'index.lock', 'nx-stories.lock', 'nx-stories-index.tmp', 'nx-stories-index-lock.json']) {
      expect(existsSync(join(repo.path, '.git', file))).toBe(false);
    }
  };
  const snapshot = () => ({
    main: repo.git('rev-parse', 'main'),
    index: repo.git('ls-files', '--stage'),
    status: repo.git('status', '--porcelain=v1', '--untracked-files=all'),
  });

  it('makes a two-parent merge commit with the trailers and updates the checked-out base, keeping user changes', async () => {
    const { branch } = await storyWith('1.1', { 'src/story.txt': 'new\n', 'added.txt': 'added\n' });
    writeFileSync(join(repo.path, 'user.txt'), 'user edit\n');
    repo.write({ 'staged.txt': 'staged\n', 'notes/untracked.txt': 'mine\n' });
    repo.git('add', 'staged.txt');
    const before = repo.git('rev-parse', 'main');

    const merged = await merge('1.1', branch);

    expect(merged).toEqual({ commit: repo.git('rev-parse', 'main'), baseBefore: before, updatedCheckout: repo.path });
    expect(repo.git('rev-list', '--parents', '-n', '1', merged.commit).split(' ')).toEqual([merged.commit, before, repo.git('rev-parse', branch)]);
    expect(repo.git('log', '-1', '--format=%B', merged.commit)).toMatch(/\n\nStory-Id: 1\.1\nStory-Hash: h1\.1$/);
    expect(readFileSync(join(repo.path, 'src/story.txt'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(repo.path, 'added.txt'), 'utf8')).toBe('added\n');
    expect(readFileSync(join(repo.path, 'user.txt'), 'utf8')).toBe('user edit\n');
    const status = statusOf(repo);
    expect(status).toEqual([' M user.txt', '?? notes/untracked.txt', 'A  staged.txt']);
    noLeftovers();
  });

  it.each([
    ['modified', () => writeFileSync(join(repo.path, 'src/story.txt'), 'user edit\n'), ['src/story.txt']],
    ['staged', () => (writeFileSync(join(repo.path, 'src/story.txt'), 'staged\n'), repo.git('add', 'src/story.txt')), ['src/story.txt']],
    ['untracked', () => writeFileSync(join(repo.path, 'added.txt'), 'mine\n'), ['added.txt']],
    ['untracked folder in the way', () => repo.write({ 'added.txt/inner': 'mine\n' }), ['added.txt/inner']],
  ])('refuses with USER_CHANGES when a %s user file overlaps the merge, changing nothing', async (_kind, userChange, paths) => {
    const { branch } = await storyWith('1.1', { 'src/story.txt': 'new\n', 'added.txt': 'added\n' });
    const tip = repo.git('rev-parse', branch);
    (userChange as () => void)();
    const before = snapshot();
    const error = (await merge('1.1', branch).catch((e) => e)) as StoriesError;
    expect(error.code).toBe('USER_CHANGES');
    expect(error.problems.map((p) => p.file)).toEqual(paths);
    expect(error.message).toContain(paths[0] as string);
    expect(snapshot()).toEqual(before);
    expect(repo.git('rev-parse', branch)).toBe(tip);
    noLeftovers();
  });

  it('merges into a base that is not checked out without any working tree', async () => {
    const { branch } = await storyWith('1.1', { 'added.txt': 'added\n' });
    repo.git('checkout', '-q', '-b', 'elsewhere');
    writeFileSync(join(repo.path, 'added.txt'), 'user file on another branch\n');
    const merged = await merge('1.1', branch);
    expect(merged.updatedCheckout).toBeUndefined();
    expect(repo.git('show', 'main:added.txt')).toBe('added');
    expect(readFileSync(join(repo.path, 'added.txt'), 'utf8')).toBe('user file on another branch\n');
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('elsewhere');
  });

  it('reports the second of a conflicting pair with the paths and leaves its branch intact', async () => {
    const first = await storyWith('1.1', { 'shared.txt': 'first\n' });
    const second = await storyWith('1.2', { 'shared.txt': 'second\n', 'other.txt': 'o\n' });
    await merge('1.1', first.branch);
    const tip = repo.git('rev-parse', second.branch);
    const mainBefore = repo.git('rev-parse', 'main');

    expect(await checkMergeConflicts({ repoRoot: repo.path, baseBranch: 'main', branch: second.branch })).toEqual({
      clean: false, conflicts: ['shared.txt'], baseCommit: mainBefore, branchCommit: tip,
    });
    const error = (await merge('1.2', second.branch).catch((e) => e)) as StoriesError;
    expect(error.code).toBe('MERGE_CONFLICT');
    expect(error.problems.map((p) => p.file)).toEqual(['shared.txt']);
    expect(error.message).toContain('shared.txt');
    expect(repo.git('rev-parse', second.branch)).toBe(tip);
    expect(repo.git('rev-parse', 'main')).toBe(mainBefore);
    expect(repo.git('status', '--porcelain')).toBe('');
    noLeftovers();
  });

  it('reports a clean pre-check with the merged tree', async () => {
    const { branch } = await storyWith('1.1', { 'added.txt': 'a\n' });
    const check = await checkMergeConflicts({ repoRoot: repo.path, baseBranch: 'main', branch });
    expect(check).toMatchObject({ clean: true, baseCommit: repo.git('rev-parse', 'main') });
    expect(check.clean && repo.git('ls-tree', '--name-only', check.tree)).toContain('added.txt');
  });

  it('waits while the user\'s git holds index.lock, then merges', async () => {
    const { branch } = await storyWith('1.1', { 'added.txt': 'a\n' });
    writeFileSync(join(repo.path, '.git', 'index.lock'), '');
    setTimeout(() => unlinkSync(join(repo.path, '.git', 'index.lock')), 400);
    const started = Date.now();
    const merged = await merge('1.1', branch);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(repo.git('rev-parse', 'main')).toBe(merged.commit);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('refuses while the user has a merge in progress', async () => {
    const { branch } = await storyWith('1.1', { 'added.txt': 'a\n' });
    writeFileSync(join(repo.path, '.git', 'MERGE_HEAD'), `${repo.git('rev-parse', branch)}\n`);
    await expect(merge('1.1', branch)).rejects.toMatchObject({ code: 'USER_CHANGES', message: expect.stringContaining('MERGE_HEAD') });
  });

  it('refuses a branch with no commit of its own', async () => {
    const created = await createStoryWorktree({ repoRoot: repo.path, baseBranch: 'main', storyId: '1.1', slug: 'x', agent: 'dev', now: NOW });
    await expect(merge('1.1', created.branch)).rejects.toMatchObject({ code: 'GIT_FAILED', message: expect.stringContaining('nothing to merge') });
  });

  it('refuses with USER_CHANGES when an ignored user file is where the merge adds one (git would overwrite it)', async () => {
    const { branch } = await storyWith('1.1', { 'added.txt': 'added\n' });
    writeFileSync(join(repo.path, '.git', 'info', 'exclude'), 'added.txt\n');
    writeFileSync(join(repo.path, 'added.txt'), 'ignored but precious\n');
    const before = snapshot();
    await expect(merge('1.1', branch)).rejects.toMatchObject({ code: 'USER_CHANGES', problems: [expect.objectContaining({ file: 'added.txt' })] });
    expect(snapshot()).toEqual(before);
    expect(readFileSync(join(repo.path, 'added.txt'), 'utf8')).toBe('ignored but precious\n');
    noLeftovers();
  });

  it.each([['checked out', false], ['not checked out', true]])(
    'recomputes the merge when a commit lands on the base (%s) just before it is published',
    async (_where, elsewhere) => {
      const { branch } = await storyWith('1.1', { 'added.txt': 'a\n' });
      if (elsewhere) repo.git('checkout', '-q', '-b', 'elsewhere');
      const saved = { ...process.env };
      const bin = join(repo.path, '.git', 'fake-bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'git'), RACING_GIT, { mode: 0o755 });
      process.env.REAL_GIT = realGit();
      process.env.RACE_MARKER = join(bin, 'raced');
      process.env.PATH = `${bin}:${process.env.PATH}`;
      let merged;
      try {
        merged = await merge('1.1', branch);
      } finally {
        process.env = saved;
      }
      expect(existsSync(join(bin, 'raced'))).toBe(true);
      const userCommit = repo.git('rev-parse', 'main^1');
      expect(repo.git('log', '-1', '--format=%s', userCommit)).toBe('user commit meanwhile');
      expect(repo.git('rev-parse', 'main')).toBe(merged.commit);
      expect(repo.git('rev-parse', 'main^2')).toBe(repo.git('rev-parse', branch));
      if (!elsewhere) expect(readFileSync(join(repo.path, 'added.txt'), 'utf8')).toBe('a\n');
      expect(repo.git('status', '--porcelain')).toBe('');
      noLeftovers();
    },
  );

  it('finds merged stories in history by id and by hash', async () => {
    const first = await storyWith('1.1', { 'a.txt': 'a\n' });
    const one = await merge('1.1', first.branch, 'hash-a');
    const ten = await merge('1.10', (await storyWith('1.10', { 'b.txt': 'b\n' })).branch, 'hash-ten');
    repo.commit('user work', { 'u.txt': 'u' });
    const again = await storyWith('1.1', { 'a.txt': 'a2\n' });
    const two = await merge('1.1', again.branch, 'hash-b');
    const find = (storyId: string, storyHash?: string) => findMergedStory({ repoRoot: repo.path, baseBranch: 'main', storyId, storyHash });

    expect(await find('1.1')).toEqual({ commit: two.commit, storyHash: 'hash-b' });
    expect(await find('1.1', 'hash-a')).toEqual({ commit: one.commit, storyHash: 'hash-a' });
    expect(await find('1.10')).toEqual({ commit: ten.commit, storyHash: 'hash-ten' });
    expect(await find('1.1', 'hash-ten')).toBeUndefined();
    expect(await find('0.1')).toBeUndefined();
    expect(await find('2.1')).toBeUndefined();
  });
});
