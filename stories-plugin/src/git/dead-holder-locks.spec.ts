import { existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { hasPendingCleanup, LIVE_GIT_LOCK_MS, removeLocksOfDeadHolder } from './dead-holder-locks';

describe('locks of a dead holder of the repository lock', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('removes packed-refs and config locks made while the dead holder held the lock, once no live git could hold them', async () => {
    const since = Date.now() - 60_000;
    const old = new Date(Date.now() - LIVE_GIT_LOCK_MS - 1000);
    for (const name of ['packed-refs.lock', 'packed-refs.new', 'config.lock']) {
      writeFileSync(join(dir.path, name), '');
      utimesSync(join(dir.path, name), old, old);
    }
    const removed = await removeLocksOfDeadHolder({ commonDir: dir.path, since });
    expect(removed.map((path) => path.slice(dir.path.length + 1)).sort()).toEqual(['config.lock', 'packed-refs.lock', 'packed-refs.new']);
  });

  it('leaves a lock older than the dead holder\'s work (not its git\'s)', async () => {
    const before = new Date(Date.now() - 600_000);
    writeFileSync(join(dir.path, 'packed-refs.lock'), '');
    utimesSync(join(dir.path, 'packed-refs.lock'), before, before);
    expect(await removeLocksOfDeadHolder({ commonDir: dir.path, since: Date.now() - 60_000 })).toEqual([]);
    expect(existsSync(join(dir.path, 'packed-refs.lock'))).toBe(true);
  });

  it('waits while a fresh lock may still be a live git\'s, and keeps it when that git releases it', async () => {
    writeFileSync(join(dir.path, 'packed-refs.lock'), '');
    setTimeout(() => rmSync(join(dir.path, 'packed-refs.lock')), 300);
    expect(await removeLocksOfDeadHolder({ commonDir: dir.path, since: Date.now() - 60_000 })).toEqual([]);
  }, LIVE_GIT_LOCK_MS + 5000);

  it('covers the first dead holder\'s locks when the cleaner itself died before finishing', async () => {
    const firstHolder = Date.now() - 120_000;
    const old = new Date(Date.now() - 100_000);
    writeFileSync(join(dir.path, 'packed-refs.lock'), '');
    utimesSync(join(dir.path, 'packed-refs.lock'), old, old);
    // The cleaner that took over from the first holder died mid-wait: its marker says since when.
    writeFileSync(join(dir.path, 'nx-stories-lock-cleanup.json'), JSON.stringify({ since: firstHolder }));
    expect(hasPendingCleanup(dir.path)).toBe(true);
    // The next holder only knows that the cleaner (who took the lock later) died.
    const removed = await removeLocksOfDeadHolder({ commonDir: dir.path, since: Date.now() - 10_000 });
    expect(removed).toEqual([join(dir.path, 'packed-refs.lock')]);
    expect(hasPendingCleanup(dir.path)).toBe(false);
  });
});
