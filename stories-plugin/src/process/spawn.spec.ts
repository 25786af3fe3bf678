import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { isProcessAlive, processGroupMembers } from './process-group';
import { runProcess, type RunProcessOptions } from './spawn';

const fixture = (name: string): string => join(__dirname, '__fixtures__', name);
const node = process.execPath;
/** Heap plus Buffer memory: what a collector that kept everything would grow. */
const retainedMemory = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

describe('runProcess', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir('nx-stories-spawn-');
  });
  afterEach(() => dir.cleanup());

  const options = (overrides: Partial<RunProcessOptions>): RunProcessOptions => ({
    command: node,
    args: ['-e', ''],
    cwd: dir.path,
    env: { PATH: process.env.PATH ?? '' },
    logFile: join(dir.path, 'logs', 'run.log'),
    timeoutSeconds: 30,
    ...overrides,
  });
  const readPids = (file: string): number[] => JSON.parse(readFileSync(file, 'utf8')) as number[];
  // The child creates the file before it writes the pids into it: wait for the content.
  const written = (file: string): boolean => existsSync(file) && readFileSync(file, 'utf8').trim().endsWith(']');
  const waitForFile = async (file: string): Promise<void> => {
    for (let i = 0; i < 200 && !written(file); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('returns exit code, output tails and duration, and appends everything to the log (creating its folder)', async () => {
    const result = await runProcess(
      options({ args: ['-e', 'console.log("out line"); console.error("err line"); process.exit(3)'] }),
    );
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, leftoversKilled: false });
    expect(result.stdout).toBe('out line\n');
    expect(result.stderr).toBe('err line\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const log = readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8');
    expect(log).toContain('out line');
    expect(log).toContain('err line');
    expect(log).toMatch(/\[nx-stories\] \$ .*node/);
    expect(log).toContain('[nx-stories] exit code 3 after');
  });

  it('passes stdin, the given cwd and only the given environment', async () => {
    const result = await runProcess(
      options({
        args: ['-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify({s,cwd:process.cwd(),env:Object.keys(process.env).sort()})))'],
        env: { PATH: process.env.PATH ?? '', ONLY_THIS: '1' },
        stdin: 'the prompt\n',
      }),
    );
    const seen = JSON.parse(result.stdout) as { s: string; cwd: string; env: string[] };
    expect(seen.s).toBe('the prompt\n');
    expect(seen.cwd).toBe(dir.path);
    expect(seen.env).toEqual(['ONLY_THIS', 'PATH']);
  });

  it('appends to an existing log instead of replacing it', async () => {
    dir.write({ 'logs/run.log': 'earlier run\n' });
    await runProcess(options({ args: ['-e', 'console.log("second")'] }));
    const log = readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8');
    expect(log.startsWith('earlier run\n')).toBe(true);
    expect(log).toContain('second');
  });

  it('on timeout kills the whole process group, children and grandchildren included', async () => {
    const pidFile = join(dir.path, 'pids.json');
    const run = runProcess(options({ args: [fixture('process-tree.js'), pidFile], timeoutSeconds: 2 }));
    await waitForFile(pidFile);
    const pids = readPids(pidFile);
    expect(pids).toHaveLength(5);
    expect(pids.every(isProcessAlive)).toBe(true);

    const result = await run;
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(pids.filter(isProcessAlive)).toEqual([]);
    expect(processGroupMembers(result.pid ?? -1)).toEqual([]);
    expect(result.stdout).toBe('tree started\n');
    const log = readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8');
    expect(log).toContain('timed out after 2 s');
  });

  it('uses SIGKILL after the grace period when the tree ignores SIGTERM', async () => {
    const pidFile = join(dir.path, 'pids.json');
    const run = runProcess(
      options({ args: [fixture('process-tree.js'), pidFile, '--ignore-term'], timeoutSeconds: 1.5, killGraceMs: 300 }),
    );
    await waitForFile(pidFile);
    const pids = readPids(pidFile);
    const result = await run;
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });

  it('terminates processes the child left running in its group after a normal exit', async () => {
    const pidFile = join(dir.path, 'sleeper.pid');
    const result = await runProcess(options({ args: [fixture('leave-behind.js'), pidFile], killGraceMs: 500 }));
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, leftoversKilled: true });
    expect(isProcessAlive(sleeper)).toBe(false);
    expect(readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8')).toContain('left processes running in its group');
  });

  it('keeps only a bounded tail in memory and caps the log, whatever the child prints', async () => {
    const memoryBefore = retainedMemory();
    const result = await runProcess(
      options({ args: [fixture('flood.js'), '64'], maxOutputBytes: 64 * 1024, maxLogBytes: 1024 * 1024 }),
    );
    const memoryGrowth = retainedMemory() - memoryBefore;
    expect(result.exitCode).toBe(0);
    expect(result.stdoutTruncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(64 * 1024);
    expect(result.stdout.endsWith('{"type":"result","marker":"END"}\n')).toBe(true);
    expect(result.stdout.startsWith('x')).toBe(true); // starts at a whole line
    expect(memoryGrowth).toBeLessThan(32 * 1024 * 1024); // 64 MiB went through
    const logFile = join(dir.path, 'logs', 'run.log');
    expect(statSync(logFile).size).toBeLessThan(1024 * 1024 + 200 * 1024);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('log capped at 1048576 bytes');
    expect(log).toMatch(/\d+ bytes of output were not logged/);
    expect(log).toContain('"marker":"END"'); // the end is appended after the cap
  });

  it('keeps only the stdout lines the filter wants, logging all of them', async () => {
    const result = await runProcess(
      options({
        args: ['-e', 'console.log("{\\"type\\":\\"user\\"}\\n{\\"type\\":\\"result\\"}")'],
        keepStdoutLine: (line) => !line.includes('"user"'),
      }),
    );
    expect(result.stdout).toBe('{"type":"result"}\n');
    expect(readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8')).toContain('{"type":"user"}');
  });

  it('masks secrets in the log but not in the returned output', async () => {
    const result = await runProcess(
      options({
        args: ['-e', 'console.log("key=sk-secret-123456 done")'],
        redact: (text) => text.split('sk-secret-123456').join('***'),
      }),
    );
    expect(result.stdout).toContain('sk-secret-123456');
    const log = readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8');
    expect(log).toContain('key=*** done');
    expect(log).not.toContain('sk-secret-123456');
  });

  it('reports a command that does not exist, and a missing cwd, without throwing', async () => {
    const missing = await runProcess(options({ command: 'no-such-agent-cli-xyz', args: [] }));
    expect(missing).toMatchObject({ exitCode: null, spawnError: 'command not found: no-such-agent-cli-xyz' });
    const noCwd = await runProcess(options({ cwd: join(dir.path, 'gone') }));
    expect(noCwd.spawnError).toMatch(/working directory .*gone does not exist/);
    expect(readFileSync(join(dir.path, 'logs', 'run.log'), 'utf8')).toContain('not started: command not found');
  });

  it('refuses a timeout that is not a positive number', async () => {
    await expect(runProcess(options({ timeoutSeconds: 0 }))).rejects.toThrow(/positive number of seconds/);
  });
});
