import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { bootTicksNow, escapedProcesses, terminateEscapedProcesses } from './escaped';
import { isProcessAlive } from './process-group';

describe('processes that escaped their group', () => {
  let dir: TempDir;
  let elsewhere: TempDir;
  beforeEach(() => {
    dir = tempDir('nx-stories-escaped-');
    elsewhere = tempDir('nx-stories-elsewhere-');
  });
  afterEach(() => {
    dir.cleanup();
    elsewhere.cleanup();
  });

  it('finds and ends processes started since the run inside its folder, and only those', async () => {
    const older = spawn('sleep', ['300'], { cwd: dir.path, detached: true, stdio: 'ignore' });
    await new Promise((done) => setTimeout(done, 50));
    // Start times have a resolution of 10 ms: count from a moment after `older` started.
    await new Promise((done) => setTimeout(done, 30));
    const since = bootTicksNow() as number;
    const inside = spawn('sleep', ['301'], { cwd: join(dir.path), detached: true, stdio: 'ignore' });
    const outside = spawn('sleep', ['302'], { cwd: elsewhere.path, detached: true, stdio: 'ignore' });
    // `spawn` makes them our children; an escaped process has been handed to init. Judge as a stranger would.
    const pids = [older.pid, inside.pid, outside.pid] as number[];
    try {
      await new Promise((done) => setTimeout(done, 100));
      const found = escapedProcesses({ folder: dir.path, sinceTicks: since });
      // Our own children are never taken (they are this process's git commands): none found here.
      expect(found).toEqual([]);
      const viaShell = spawn('sh', ['-c', `cd ${JSON.stringify(dir.path)} && (setsid sleep 303 >/dev/null 2>&1 < /dev/null &)`], { stdio: 'ignore' });
      await new Promise((done) => viaShell.on('exit', done));
      await new Promise((done) => setTimeout(done, 100));
      const escaped = escapedProcesses({ folder: dir.path, sinceTicks: since });
      expect(escaped).toHaveLength(1);
      expect(await terminateEscapedProcesses({ folder: dir.path, sinceTicks: since, graceMs: 500 })).toEqual(escaped);
      expect(isProcessAlive(escaped[0])).toBe(false);
      expect(pids.map(isProcessAlive)).toEqual([true, true, true]);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    }
  });

  it('does nothing without a start time (no /proc)', async () => {
    expect(await terminateEscapedProcesses({ folder: dir.path, sinceTicks: undefined })).toEqual([]);
  });
});
