import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { isProcessAlive, processGroupMembers, signalProcessGroup, terminateProcessGroup } from './process-group';

describe('process groups', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir('nx-stories-pgroup-');
  });
  afterEach(() => dir.cleanup());

  /** Runs the orchestrator fixture to its end; resolves with how it ended and the agent tree's pids. */
  const orchestrate = (mode: 'exit' | 'signal') =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; pids: number[] }>((resolve, reject) => {
      const pidFile = join(dir.path, 'pids.json');
      const child = spawn(process.execPath, [join(__dirname, '__fixtures__', 'orchestrator.js'), pidFile, mode, join(dir.path, 'agent.log')], {
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        const pids = existsSync(pidFile) ? (JSON.parse(readFileSync(pidFile, 'utf8')) as number[]) : [];
        resolve({ code, signal, pids });
      });
    });

  it.each(['exit', 'signal'] as const)('kills the agents it started when the orchestrator ends (%s)', async (mode) => {
    const { code, signal, pids } = await orchestrate(mode);
    if (mode === 'exit') expect(code).toBe(0);
    else expect(signal).toBe('SIGTERM'); // the signal still ends the process as intended
    expect(pids).toHaveLength(5);
    // SIGKILL is sent before the orchestrator exits; on a loaded machine dying takes a moment.
    for (let i = 0; i < 100 && pids.some(isProcessAlive); i++) await new Promise((r) => setTimeout(r, 20));
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });

  it('terminates a group and reports a group that is already gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pgid = child.pid ?? -1;
    expect(processGroupMembers(pgid)).toEqual([pgid]);
    expect(await terminateProcessGroup({ pgid, graceMs: 1000 })).toEqual({ killed: false });
    await exited;
    expect(processGroupMembers(pgid)).toEqual([]);
    expect(signalProcessGroup(pgid, 'SIGTERM')).toBe(false);
  });
});
