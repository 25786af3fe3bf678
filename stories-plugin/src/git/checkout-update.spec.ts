import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { gitRepo, GitRepo } from '../testing/git-repo';
import { withCheckoutIndexLock } from './checkout-update';

describe('index lock of a checked-out base', () => {
  let repo: GitRepo;
  beforeEach(() => (repo = gitRepo()));
  afterEach(() => repo.cleanup());
  const lockFile = () => join(repo.path, '.git', 'index.lock');

  it('holds index.lock while working, so the user\'s git cannot write the index meanwhile, and releases it', async () => {
    await withCheckoutIndexLock(repo.path, async (lock) => {
      expect(lock.indexPath).toBe(join(repo.path, '.git', 'index'));
      const add = spawnSync('git', ['add', 'README.md'], { cwd: repo.path, encoding: 'utf8' });
      expect(add.stderr).toContain('index.lock');
    });
    expect(existsSync(lockFile())).toBe(false);
    expect(existsSync(join(repo.path, '.git', 'nx-stories-index-lock.json'))).toBe(false);
  });

  it('releases the lock when the work fails', async () => {
    await expect(withCheckoutIndexLock(repo.path, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockFile())).toBe(false);
  });

  it('never takes a lock it did not create; times out with GIT_FAILED', async () => {
    writeFileSync(lockFile(), '');
    await expect(withCheckoutIndexLock(repo.path, async () => 'never', 300)).rejects.toMatchObject({
      code: 'GIT_FAILED',
      message: expect.stringContaining('index.lock exists'),
    });
    expect(existsSync(lockFile())).toBe(true);
  });

  it('takes over at once an index.lock left by a killed nx-stories process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const pid = Number(dead.stdout.trim());
    writeFileSync(lockFile(), '');
    const ino = statSync(lockFile()).ino;
    const owner = { pid, hostname: hostname(), acquiredAt: new Date().toISOString(), token: String(ino), ino };
    writeFileSync(join(repo.path, '.git', 'nx-stories-index-lock.json'), JSON.stringify(owner));
    await expect(withCheckoutIndexLock(repo.path, async () => 'done', 2_000)).resolves.toBe('done');
    expect(existsSync(lockFile())).toBe(false);
  });
});
