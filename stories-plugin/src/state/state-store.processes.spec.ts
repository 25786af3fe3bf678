import { spawn, ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, TempDir } from '../testing/temp-dir';
import { StateStore } from './state-store';

// Children load the built module (run `npm run build` first): these tests prove cross-process behaviour.
const BUILT_STATE = resolve(__dirname, '../../dist/state/index.js');

function runChild(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['-e', script, BUILT_STATE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => child.on('exit', (code) => done(code)));
}


describe('StateStore across processes', () => {
  let dir: TempDir;
  let store: StateStore;
  let stateDir: string;
  beforeEach(() => {
    dir = tempDir();
    store = new StateStore({ workspaceRoot: dir.path });
    stateDir = join(dir.path, '.agent-orchestration');
  });
  afterEach(() => dir.cleanup());

  it('loses no update and no transition when four processes write at once', async () => {
    const script = `
      const { StateStore, addUsage } = require(process.argv[1]);
      const [root, mine] = process.argv.slice(2);
      const store = new StateStore({ workspaceRoot: root });
      const path = [
        { type: 'START', reason: 'go' },
        { type: 'SUBMIT', reason: 'tests passed' },
        { type: 'REQUEST_CHANGES', reason: 'changes', findings: ['more tests'] },
        { type: 'START_FIX', reason: 'fix' },
        { type: 'SUBMIT', reason: 'tests passed again' },
        { type: 'APPROVE', reason: 'ok' },
        { type: 'MERGE', reason: 'merged', commit: 'abc1234' },
      ];
      (async () => {
        for (let i = 0; i < 25; i++) {
          await store.update({ storyId: '9.1', patch: (r) => addUsage({ record: r, phase: 'run', usage: { inputTokens: 1, outputTokens: 2, costUsd: 0 } }) });
          if (i % 3 === 0 && path.length > 0) await store.transition({ storyId: mine, event: path.shift() });
        }
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const mine = ['5.1', '5.2', '5.3', '5.4'];
    const codes = await Promise.all(mine.map((id) => exited(runChild(script, [dir.path, id]))));
    expect(codes).toEqual([0, 0, 0, 0]);

    const counter = await store.readStory({ storyId: '9.1' });
    expect(counter).toMatchObject({ revision: 100, usage: { inputTokens: 100, outputTokens: 200 } });
    const history = await store.readHistory();
    expect(history).toHaveLength(28);
    for (const id of mine) {
      expect(await store.readStory({ storyId: id })).toMatchObject({ status: 'Merged', revision: 7, reviewRounds: 1, owner: null });
      expect(history.filter((h) => h.story === id).map((h) => h.revision)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
    const written = JSON.parse(readFileSync(join(stateDir, 'orchestration-state.json'), 'utf8'));
    expect(written).toEqual(await store.readOrchestrationState());
    expect(written).toMatchObject({ totalStories: 5, completed: 4, pending: 1 });
    expect(readdirSync(join(stateDir, 'locks'))).toEqual([]);
    expect(readdirSync(stateDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('goes on at once after a process is killed while holding the story lock', async () => {
    await store.ensureStory({ storyId: '1.1' });
    const script = `
      const { StateStore } = require(process.argv[1]);
      new StateStore({ workspaceRoot: process.argv[2] }).update({ storyId: '1.1', patch: () => {
        process.stdout.write('inside\\n');
        for (;;) {}
      } });`;
    const holder = runChild(script, [dir.path]);
    await new Promise<void>((done) => holder.stdout!.once('data', () => done()));
    expect(readdirSync(join(stateDir, 'locks'))).toEqual(['story-1.1.lock']);
    holder.kill('SIGKILL');
    await exited(holder);
    const started = Date.now();
    const record = await store.update({ storyId: '1.1', patch: { agent: 'general-developer' } });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(record).toMatchObject({ revision: 1, agent: 'general-developer' });
    expect(readdirSync(join(stateDir, 'locks'))).toEqual([]);
  });

  it('leaves no torn file when a writer is killed in the middle of a write', async () => {
    await store.ensureStory({ storyId: '1.1' });
    // A 4 MB record makes each write last long enough to be caught between temp file and rename.
    const script = `
      const { StateStore } = require(process.argv[1]);
      const store = new StateStore({ workspaceRoot: process.argv[2] });
      const big = 'x'.repeat(4 * 1024 * 1024);
      (async () => { for (let i = 0; ; i++) await store.update({ storyId: '1.1', patch: { title: big + i } }); })();`;
    let caughtMidWrite = false;
    for (let round = 0; round < 6 && !caughtMidWrite; round++) {
      const writer = runChild(script, [dir.path]);
      const watcher = watch(stateDir, (_event, name) => {
        if (name?.endsWith('.tmp')) writer.kill('SIGKILL');
      });
      // A writer that made no temp file (not atomic) is stopped anyway, and the round proves nothing.
      const fallback = setTimeout(() => writer.kill('SIGKILL'), 5_000);
      await exited(writer);
      clearTimeout(fallback);
      watcher.close();
      caughtMidWrite = readdirSync(stateDir).some((name) => name.endsWith('.tmp'));

      const before = await store.readStory({ storyId: '1.1' });
      expect(before).toBeDefined();
      const started = Date.now();
      const after = await store.update({ storyId: '1.1', patch: { agent: `round-${round}` } });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(after.revision).toBe(before!.revision + 1);
      expect(after.title).toBe(before!.title);
    }
    expect(caughtMidWrite).toBe(true);
    await store.refreshOrchestrationState();
    expect(readdirSync(stateDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
