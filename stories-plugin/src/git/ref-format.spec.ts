import { spawnSync } from 'node:child_process';
import { branchNameProblem, isValidBranchName } from './ref-format';

const HOSTILE = [
  'main', 'story/1.1-x', 'feature/a.b', 'a-b_c', 'ünïcode', 'release/1.x',
  '', '-x', '--force', 'HEAD', '@', 'a@{1}', '@{', 'a..b', '../x', 'a/../b', '.hidden', 'a/.b', 'x.lock', 'a/b.lock/c',
  'a/', '/a', 'a//b', 'a.', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'a\tb', 'a\u007fb', ';rm -rf /',
  `story/${'a'.repeat(300)}`, 'a@b', '@a',
];

describe('branch name rules', () => {
  it('explains why a name is refused', () => {
    expect(branchNameProblem('x.lock')).toMatch(/\.lock/);
    expect(branchNameProblem('a..b')).toMatch(/\.\./);
    expect(branchNameProblem('story/1.1-ok')).toBeUndefined();
  });

  it.each(HOSTILE)('agrees with `git check-ref-format --branch` on %j', (name) => {
    const git = spawnSync('git', ['check-ref-format', '--branch', name], { encoding: 'utf8' });
    expect(isValidBranchName(name)).toBe(git.status === 0);
  });
});
