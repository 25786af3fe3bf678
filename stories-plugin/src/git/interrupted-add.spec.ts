import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { removeAbandonedCommondirs, unreadableCommondir } from './interrupted-add';

describe('a git worktree add cut short (empty commondir)', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it("finds the file in git's message, relative or absolute, and nothing in other failures", () => {
    const stderr = 'fatal: failed to read .git/worktrees/agent-dev-1.1-20261127-051632/commondir: Success';
    expect(unreadableCommondir({ stderr, cwd: '/repo' })).toBe('/repo/.git/worktrees/agent-dev-1.1-20261127-051632/commondir');
    expect(unreadableCommondir({ stderr: 'fatal: failed to read /r/.git/worktrees/w/commondir: Success', cwd: '/x' })).toBe('/r/.git/worktrees/w/commondir');
    expect(unreadableCommondir({ stderr: "fatal: 'x' is not a working tree", cwd: '/repo' })).toBeUndefined();
  });

  it('removes only empty commondir files old enough to be a dead git\'s', () => {
    const entry = (name: string, content: string, ageMs: number) => {
      mkdirSync(join(dir.path, 'worktrees', name), { recursive: true });
      const path = join(dir.path, 'worktrees', name, 'commondir');
      writeFileSync(path, content);
      const time = new Date(Date.now() - ageMs);
      utimesSync(path, time, time);
      return path;
    };
    const abandoned = entry('a', '', 60_000);
    const fresh = entry('b', '', 0);
    const written = entry('c', '../..\n', 60_000);
    expect(removeAbandonedCommondirs(dir.path)).toEqual([abandoned]);
    expect([existsSync(abandoned), existsSync(fresh), existsSync(written)]).toEqual([false, true, true]);
  });
});
