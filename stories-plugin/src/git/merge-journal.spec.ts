import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepo, type GitRepo } from '../testing/git-repo';
import { MERGE_JOURNAL_FILE, recoverInterruptedMerge, writeMergeJournal } from './merge-journal';

/**
 * A merge of `story` into `main` (checked out in the repo) cut short the way SIGKILL cuts it: the
 * merged files are in the working tree (`read-tree -m -u` through a scratch index), the real index
 * is the old one, and `stage` says how far the ref got.
 */
function interruptedMerge(repo: GitRepo, stage: 'ref-locked' | 'ref-moved'): { from: string; to: string } {
  const from = repo.git('rev-parse', 'main');
  repo.git('checkout', '-q', '-b', 'story/1.1-x');
  repo.commit('story work', { 'src/new.txt': 'new\n', 'README.md': '# changed by the story\n' });
  repo.git('checkout', '-q', 'main');
  const tree = repo.git('merge-tree', '--write-tree', 'main', 'story/1.1-x');
  const to = repo.git('commit-tree', tree, '-p', from, '-p', 'story/1.1-x', '-m', 'Merge story 1.1');
  writeMergeJournal({ commonDir: join(repo.path, '.git'), journal: { ref: 'refs/heads/main', from, to, checkout: { path: repo.path, gitDir: join(repo.path, '.git') } } });
  const scratch = join(repo.path, '.git/nx-stories-index.tmp');
  writeFileSync(scratch, readFileSync(join(repo.path, '.git/index')));
  execFileSync('git', ['read-tree', '-m', '-u', from, to], { cwd: repo.path, env: { ...process.env, GIT_INDEX_FILE: scratch } });
  if (stage === 'ref-locked') {
    writeFileSync(join(repo.path, '.git/refs/heads/main.lock'), `${to}\n`);
    writeFileSync(join(repo.path, '.git/HEAD.lock'), '');
  } else {
    repo.git('update-ref', 'refs/heads/main', to, from);
  }
  return { from, to };
}

describe('recoverInterruptedMerge', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo({ 'README.md': '# test\n' })));
  afterEach(() => repo.cleanup());

  it('rolls the checkout back and removes the dead merge\'s ref locks when the ref did not move', async () => {
    const { from } = interruptedMerge(repo, 'ref-locked');
    expect(repo.git('status', '--porcelain')).not.toBe('');
    const done = await recoverInterruptedMerge({ repoRoot: repo.path, commonDir: join(repo.path, '.git') });
    expect(done).toMatch(/rolled back: 2 lock file\(s\) removed, 2 file\(s\) of the checkout restored/);
    expect(repo.git('rev-parse', 'main')).toBe(from);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(readFileSync(join(repo.path, 'README.md'), 'utf8')).toBe('# test\n');
    expect(existsSync(join(repo.path, 'src'))).toBe(false);
    for (const file of ['refs/heads/main.lock', 'HEAD.lock', MERGE_JOURNAL_FILE]) expect(existsSync(join(repo.path, '.git', file))).toBe(false);
  });

  it('completes the checkout (index included) when the ref had moved', async () => {
    const { to } = interruptedMerge(repo, 'ref-moved');
    expect(repo.git('status', '--porcelain')).not.toBe(''); // the old index shows the merge reverted
    const done = await recoverInterruptedMerge({ repoRoot: repo.path, commonDir: join(repo.path, '.git') });
    expect(done).toMatch(/completed/);
    expect(repo.git('rev-parse', 'main')).toBe(to);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(readFileSync(join(repo.path, 'src/new.txt'), 'utf8')).toBe('new\n');
  });

  it('touches nothing and keeps the journal when someone changed a merged file meanwhile', async () => {
    interruptedMerge(repo, 'ref-locked');
    writeFileSync(join(repo.path, 'src/new.txt'), 'the user edited this\n');
    await expect(recoverInterruptedMerge({ repoRoot: repo.path, commonDir: join(repo.path, '.git') })).rejects.toMatchObject({
      code: 'USER_CHANGES',
      message: expect.stringContaining('src/new.txt'),
    });
    expect(readFileSync(join(repo.path, 'src/new.txt'), 'utf8')).toBe('the user edited this\n');
    expect(existsSync(join(repo.path, '.git', MERGE_JOURNAL_FILE))).toBe(true);
  });

  it('leaves a ref lock that is not its own (another git holds it)', async () => {
    interruptedMerge(repo, 'ref-locked');
    writeFileSync(join(repo.path, '.git/refs/heads/main.lock'), 'someone else\n');
    await recoverInterruptedMerge({ repoRoot: repo.path, commonDir: join(repo.path, '.git') });
    expect(readFileSync(join(repo.path, '.git/refs/heads/main.lock'), 'utf8')).toBe('someone else\n');
  });

  it('does nothing without a journal', async () => {
    expect(await recoverInterruptedMerge({ repoRoot: repo.path, commonDir: join(repo.path, '.git') })).toBeUndefined();
  });
});
