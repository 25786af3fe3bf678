import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { groupRecordFile, reapOrphanedGroups, writeGroupRecord } from './group-record';
import { processStartTime } from '../lock/owner';
import { processGroupMembers } from './process-group';
import { runProcess } from './spawn';

describe('group records', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir('nx-stories-groups-')));
  afterEach(() => dir.cleanup());

  it('keeps a record beside the log while the process runs, and removes it after', async () => {
    const logFile = join(dir.path, 'implement-1.log');
    const seen: boolean[] = [];
    const run = runProcess({ command: 'sleep', args: ['0.5'], cwd: dir.path, env: { PATH: process.env.PATH ?? '' }, logFile, timeoutSeconds: 10 });
    await new Promise((done) => setTimeout(done, 200));
    seen.push(existsSync(groupRecordFile(logFile)));
    await run;
    seen.push(existsSync(groupRecordFile(logFile)));
    expect(seen).toEqual([true, false]);
  });

  it('reaps a group whose starter is gone, and leaves a live starter\'s group alone', async () => {
    const orphan = spawn('sh', ['-c', 'sleep 300 & sleep 300'], { detached: true, stdio: 'ignore' });
    const kept = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    try {
      writeGroupRecord({ file: join(dir.path, 'implement-1.log.group.json'), pgid: orphan.pid as number });
      writeGroupRecord({ file: join(dir.path, 'review-1.log.group.json'), pgid: kept.pid as number });
      // The first record's starter: a process that has exited (as a SIGKILLed orchestrator has).
      const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
      const record = JSON.parse(readFileSync(join(dir.path, 'implement-1.log.group.json'), 'utf8'));
      writeFileSync(join(dir.path, 'implement-1.log.group.json'), JSON.stringify({ ...record, starter: { pid: gone } }));
      await new Promise((done) => setTimeout(done, 100));
      expect(processGroupMembers(orphan.pid as number)).toHaveLength(3);

      expect(await reapOrphanedGroups({ dir: dir.path, graceMs: 500 })).toEqual([orphan.pid]);
      expect(processGroupMembers(orphan.pid as number)).toEqual([]);
      expect(processGroupMembers(kept.pid as number)).toEqual([kept.pid]);
      expect(readdirSync(dir.path)).toEqual(['review-1.log.group.json']);
    } finally {
      for (const child of [orphan, kept]) {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });

  it('reaps a group whose starter was killed but not yet reaped (a zombie whose parent died too)', async () => {
    // `sh` starts `sleep 0` in the background, then becomes `sleep 30`, which never reaps it.
    const zombieParent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const orphan = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    try {
      const zombie = Number(await new Promise<string>((done) => zombieParent.stdout!.once('data', (data) => done(String(data).trim()))));
      const deadline = Date.now() + 5_000;
      while (!/\) Z /.test(readFileSync(`/proc/${zombie}/stat`, 'utf8')) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
      const file = join(dir.path, 'implement-1.log.group.json');
      writeGroupRecord({ file, pgid: orphan.pid as number });
      const record = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...record, starter: { pid: zombie, start: processStartTime(zombie) } }));
      expect(await reapOrphanedGroups({ dir: dir.path, graceMs: 500 })).toEqual([orphan.pid]);
      expect(processGroupMembers(orphan.pid as number)).toEqual([]);
    } finally {
      for (const child of [zombieParent, orphan]) {
        try {
          process.kill(child.pid as number, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
});
