import { isUnmerged, overlappingPaths, parseMergeTree, parsePathList, parseStatus, parseWorktreeList, pathsInRefusal } from './parse';

describe('git output parsers', () => {
  it('parses worktree list --porcelain -z', () => {
    const output = [
      'worktree /r', 'HEAD aaa', 'branch refs/heads/main', '',
      'worktree /r/.worktrees/agent-a-1.1-20250101-000000', 'HEAD bbb', 'branch refs/heads/story/1.1-x', '',
      'worktree /r/.worktrees/gone', 'HEAD ccc', 'detached', 'locked reason here', 'prunable gitdir file points to non-existent location', '',
      '',
    ].join('\0');
    expect(parseWorktreeList(output)).toEqual([
      { path: '/r', head: 'aaa', branch: 'main', bare: false, detached: false, locked: false, prunable: false },
      { path: '/r/.worktrees/agent-a-1.1-20250101-000000', head: 'bbb', branch: 'story/1.1-x', bare: false, detached: false, locked: false, prunable: false },
      { path: '/r/.worktrees/gone', head: 'ccc', bare: false, detached: true, locked: true, prunable: true },
    ]);
  });

  it('parses status --porcelain -z, paths with spaces and arrows intact', () => {
    const entries = parseStatus(' M a b.txt\0A  new -> x\0?? dir/u.txt\0UU c\0');
    expect(entries.map((e) => e.path)).toEqual(['a b.txt', 'new -> x', 'dir/u.txt', 'c']);
    expect(entries.map(isUnmerged)).toEqual([false, false, false, true]);
  });

  it('parses merge-tree output with and without conflicts', () => {
    expect(parseMergeTree('abc\0')).toEqual({ tree: 'abc', conflicts: [] });
    expect(parseMergeTree('abc\0a\0b c\0a\0')).toEqual({ tree: 'abc', conflicts: ['a', 'b c'] });
    expect(parsePathList('x\0y z\0')).toEqual(['x', 'y z']);
  });

  it('finds overlapping paths, including a folder holding a path', () => {
    expect(overlappingPaths(['a.txt', 'src/x', 'lib/', 'docs/readme', 'other'], ['a.txt', 'src/x/y.ts', 'lib/z', 'docs', 'othe'])).toEqual([
      'a.txt', 'src/x', 'lib/', 'docs/readme',
    ]);
    expect(overlappingPaths(['ab'], ['a'])).toEqual([]);
  });

  it('reads paths from git refusals', () => {
    const stderr = [
      "error: Entry 'a.txt' not uptodate. Cannot merge.",
      "error: Untracked working tree file 'b/c.txt' would be overwritten by merge.",
      'error: Your local changes to the following files would be overwritten by merge:',
      '\td.txt',
      'Please commit your changes or stash them before you merge.',
    ].join('\n');
    expect(pathsInRefusal(stderr)).toEqual(['a.txt', 'b/c.txt', 'd.txt']);
  });
});
