import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitRepo, type GitRepo } from '../testing/git-repo';
import { mergeStoryBranch } from './merge';

describe('merging into a checked-out base whose files were rewritten unchanged', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo({ 'README.md': '# test\n', 'notes.txt': 'notes\n' })));
  afterEach(() => repo.cleanup());

  it('does not take a file with new stat data but the same content for a local change', async () => {
    repo.git('checkout', '-q', '-b', 'story/1.1-x');
    repo.commit('story', { 'README.md': '# changed by the story\n' });
    repo.git('checkout', '-q', 'main');
    // What a reverted merge (or an editor saving without changes) leaves: same bytes, new mtime.
    writeFileSync(join(repo.path, 'README.md'), '# test\n');
    utimesSync(join(repo.path, 'README.md'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const merge = await mergeStoryBranch({ repoRoot: repo.path, baseBranch: 'main', branch: 'story/1.1-x', storyId: '1.1', storyHash: 'h1', title: 'X' });
    expect(repo.git('rev-parse', 'main')).toBe(merge.commit);
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});
