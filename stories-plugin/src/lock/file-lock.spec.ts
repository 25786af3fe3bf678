import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { tempDir, TempDir } from '../testing/temp-dir';
import { acquireFileLock, withFileLock } from './file-lock';
import { isOwnerDead, processStartTime } from './owner';

// Child processes use the built module: these tests prove cross-process behaviour.
const BUILT_LOCK = resolve(__dirname, '../../dist/lock/file-lock.js');

function runChild(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['-e', script, BUILT_LOCK, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.on('exit', (code) => done(code)));
}

describe('file lock', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('serializes read-modify-write cycles across processes', async () => {
    const counter = join(dir.path, 'counter');
    writeFileSync(counter, '0');
    const script = `
      const { withFileLock } = require(process.argv[1]);
      const fs = require('fs');
      const [lockPath, counter] = process.argv.slice(2);
      (async () => {
        for (let i = 0; i < 40; i++) {
          await withFileLock({ lockPath }, async () => {
            const n = Number(fs.readFileSync(counter, 'utf8'));
            await new Promise((r) => setImmediate(r));
            fs.writeFileSync(counter, String(n + 1));
          });
        }
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const children = Array.from({ length: 4 }, () => runChild(script, [join(dir.path, 'x.lock'), counter]));
    const codes = await Promise.all(children.map(exited));
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(readFileSync(counter, 'utf8')).toBe('160');
    expect(existsSync(join(dir.path, 'x.lock'))).toBe(false);
  });

  it('takes over at once a lock whose holder was killed with SIGKILL', async () => {
    const lockPath = join(dir.path, 'held.lock');
    const script = `
      const { acquireFileLock } = require(process.argv[1]);
      acquireFileLock({ lockPath: process.argv[2] }).then(() => { console.log('held'); setInterval(() => {}, 1000); });`;
    const holder = runChild(script, [lockPath]);
    await new Promise<void>((done) => holder.stdout!.once('data', () => done()));
    holder.kill('SIGKILL');
    await exited(holder);
    const started = Date.now();
    const lock = await acquireFileLock({ lockPath, timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('takes over at once, and names, a holder killed but not yet reaped (a zombie whose parent died too)', async () => {
    // `sh` starts `sleep 0` in the background, then becomes `sleep 30`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const zombie = Number(await new Promise<string>((done) => parent.stdout!.once('data', (data) => done(String(data).trim()))));
      const deadline = Date.now() + 5_000;
      while (!/\) Z /.test(readFileSync(`/proc/${zombie}/stat`, 'utf8')) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
      const holder = { pid: zombie, hostname: hostname(), processStart: processStartTime(zombie), acquiredAt: new Date().toISOString(), token: 'zombie' };
      expect(isOwnerDead(holder)).toBe(true);
      const lockPath = join(dir.path, 'zombie.lock');
      writeFileSync(lockPath, JSON.stringify(holder));
      const started = Date.now();
      const lock = await acquireFileLock({ lockPath, timeoutMs: 5_000 });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(lock.tookOverFrom).toMatchObject({ pid: zombie, token: 'zombie' });
      lock.release();
      const fresh = await acquireFileLock({ lockPath, timeoutMs: 1_000 });
      expect(fresh.tookOverFrom).toBeUndefined();
      fresh.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('waits for a live holder and fails with LOCK_TIMEOUT naming it', async () => {
    const lockPath = join(dir.path, 'busy.lock');
    const held = await acquireFileLock({ lockPath, purpose: 'merge 1.2' });
    await expect(acquireFileLock({ lockPath, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
      message: expect.stringContaining(`held by pid ${process.pid}`),
    });
    held.release();
    await expect(withFileLock({ lockPath, timeoutMs: 300 }, () => 'ok')).resolves.toBe('ok');
  });

  it('takes over a torn (empty) lock file only once it is older than the grace period', async () => {
    const lockPath = join(dir.path, 'torn.lock');
    writeFileSync(lockPath, '');
    await expect(acquireFileLock({ lockPath, timeoutMs: 200 })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    const lock = await acquireFileLock({ lockPath, timeoutMs: 5_000 });
    lock.release();
  });

  it('takes over a lock of a live process once it is older than staleMs', async () => {
    const lockPath = join(dir.path, 'old.lock');
    await acquireFileLock({ lockPath });
    await new Promise((r) => setTimeout(r, 50));
    const lock = await acquireFileLock({ lockPath, staleMs: 20, timeoutMs: 2_000 });
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).token).toBe(lock.owner.token);
    lock.release();
  });
});
