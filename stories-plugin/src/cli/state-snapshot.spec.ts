import { tempDir, type TempDir } from '../testing/temp-dir';
import { worktreePercent } from './state-snapshot';

describe('worktreePercent', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir('nx-stories-cli-');
    dir.write({
      '.worktrees/agent-x-1.1-20240501-100000/docs/stories/1.1.a.md': '# A\n\n- [x] one\n- [ ] two\n- [x] three\n- [x] four\n',
      '.worktrees/agent-x-1.2-20240501-100000/docs/stories/1.2.b.md': '# B\n\nno tasks\n',
      'docs/stories/1.1.a.md': '- [ ] outside any worktree\n',
    });
  });
  afterEach(() => dir.cleanup());

  it('reads the ticked tasks of the story file inside the worktree', () => {
    expect(worktreePercent({ root: dir.path, worktree: '.worktrees/agent-x-1.1-20240501-100000', file: 'docs/stories/1.1.a.md' })).toBe(75);
  });

  it('has no percentage without task boxes or without the file', () => {
    expect(worktreePercent({ root: dir.path, worktree: '.worktrees/agent-x-1.2-20240501-100000', file: 'docs/stories/1.2.b.md' })).toBeUndefined();
    expect(worktreePercent({ root: dir.path, worktree: '.worktrees/agent-x-1.2-20240501-100000', file: 'docs/stories/missing.md' })).toBeUndefined();
  });

  it('never reads outside .worktrees/ or outside the worktree, whatever a state file says', () => {
    expect(worktreePercent({ root: dir.path, worktree: '.', file: 'docs/stories/1.1.a.md' })).toBeUndefined();
    expect(worktreePercent({ root: dir.path, worktree: '../../etc', file: 'passwd' })).toBeUndefined();
    expect(worktreePercent({ root: dir.path, worktree: '.worktrees/agent-x-1.1-20240501-100000', file: '../../docs/stories/1.1.a.md' })).toBeUndefined();
  });
});
