import { spawn, ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoryOwner } from '../lifecycle';
import { processStartTime } from '../lock/owner';
import { tempDir, TempDir } from '../testing/temp-dir';
import { startPhase } from './patch';
import { StateStore } from './state-store';

const T1 = '2025-01-01T01:00:00.000Z';
const ownerOf = (pid: number): StoryOwner => ({ pid, hostname: hostname(), processStart: processStartTime(pid), since: '2025-01-01T00:00:00.000Z' });

describe('StateStore', () => {
  let dir: TempDir;
  let store: StateStore;
  let sleeper: ChildProcess | undefined;
  beforeEach(() => {
    dir = tempDir();
    store = new StateStore({ workspaceRoot: dir.path });
  });
  afterEach(() => {
    sleeper?.kill('SIGKILL');
    sleeper = undefined;
    dir.cleanup();
  });

  const file = (name: string) => join(dir.path, '.agent-orchestration', name);
  const onDisk = (id: string) => JSON.parse(readFileSync(file(`story-${id}.json`), 'utf8'));

  it('creates a story once, walks it through its life, and logs every transition', async () => {
    const created = await store.ensureStory({ storyId: '1.2', details: { title: 'Auth', wave: 1, dependencies: ['1.1'] } });
    expect(created).toMatchObject({ status: 'Not Started', revision: 0, title: 'Auth' });
    expect((await store.ensureStory({ storyId: '1.2', details: { title: 'Other' } })).title).toBe('Auth');
    await store.transition({ storyId: '1.2', event: { type: 'START', reason: 'wave 1' }, patch: { worktree: '.worktrees/a', branch: 'story/1.2-auth' } });
    expect(onDisk('1.2')).toMatchObject({ status: 'In Progress', worktree: '.worktrees/a', attempts: 1, owner: { pid: process.pid }, revision: 1 });
    await store.transition({ storyId: '1.2', event: { type: 'SUBMIT', reason: 'tests passed' } });
    await store.transition({ storyId: '1.2', event: { type: 'APPROVE', reason: 'looks good' } });
    const merged = await store.transition({ storyId: '1.2', event: { type: 'MERGE', reason: 'merged', commit: 'abc1234' } });
    expect(merged).toMatchObject({ from: 'Approved', to: 'Merged' });
    expect(await store.readStory({ storyId: '1.2' })).toEqual(merged.record);
    expect((await store.readHistory()).map((h) => [h.story, h.from, h.to, h.event, h.reason, h.revision])).toEqual([
      ['1.2', 'Not Started', 'In Progress', 'START', 'wave 1', 1],
      ['1.2', 'In Progress', 'Ready for Review', 'SUBMIT', 'tests passed', 2],
      ['1.2', 'Ready for Review', 'Approved', 'APPROVE', 'looks good', 3],
      ['1.2', 'Approved', 'Merged', 'MERGE', 'merged', 4],
    ]);
    expect(JSON.parse(readFileSync(file('orchestration-state.json'), 'utf8'))).toMatchObject({ totalStories: 1, completed: 1, currentWave: 1 });
  });

  it('tidies what killed processes left: their locks, guards and temp files, and nothing of a live holder', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const lock = (holder: number) => JSON.stringify({ pid: holder, hostname: hostname(), acquiredAt: T1, token: `t${holder}` });
    dir.write({
      '.agent-orchestration/locks/orchestration-state.lock': lock(dead),
      '.agent-orchestration/locks/story-1.1.lock.takeover': lock(dead),
      '.agent-orchestration/locks/story-1.2.lock': lock(process.pid),
      [`.agent-orchestration/.story-1.1.json.${dead}.abcdef.tmp`]: '{"half',
    });
    const removed = store.tidy().map((path) => path.slice(dir.path.length + 1)).sort();
    expect(removed).toEqual([
      `.agent-orchestration/.story-1.1.json.${dead}.abcdef.tmp`,
      '.agent-orchestration/locks/orchestration-state.lock',
      '.agent-orchestration/locks/story-1.1.lock.takeover',
    ]);
    expect(readdirSync(file('locks'))).toEqual(['story-1.2.lock']);
  });

  it('writes nothing for an illegal event', async () => {
    await store.ensureStory({ storyId: '2.1' });
    await expect(store.transition({ storyId: '2.1', event: { type: 'APPROVE', reason: 'x' } })).rejects.toThrow(
      'story 2.1 is Not Started; APPROVE is not allowed there (allowed: START, ALREADY_MERGED, NOTHING_TO_DO, BLOCK, RESET)',
    );
    expect(onDisk('2.1').revision).toBe(0);
    expect(await store.readHistory()).toEqual([]);
  });

  it('keeps orchestration-state.json equal to what the story files say', async () => {
    for (const [id, wave] of [['1.1', 1], ['1.2', 2], ['1.3', 2], ['2.1', 3]] as const) await store.ensureStory({ storyId: id, details: { wave } });
    await store.transition({ storyId: '1.1', event: { type: 'NOTHING_TO_DO', reason: 'docs' } });
    await store.transition({ storyId: '1.2', event: { type: 'START', reason: 'go' } });
    await store.transition({ storyId: '2.1', event: { type: 'BLOCK', reason: '1.3 failed', blockedBy: ['1.3'] } });
    await store.transition({ storyId: '1.2', event: { type: 'SUBMIT', reason: 'ok' } });
    await store.update({ storyId: '1.2', patch: { awaitingReview: true } });
    const written = JSON.parse(readFileSync(file('orchestration-state.json'), 'utf8'));
    expect(written).toEqual(await store.readOrchestrationState());
    expect(written).toMatchObject({ totalStories: 4, completed: 1, inProgress: 1, pending: 1, blocked: 1, currentWave: 2, awaitingReview: ['1.2'] });
  });

  it('updates non-status fields from the current record and refuses status fields', async () => {
    await store.update({ storyId: '3.1', patch: (current) => startPhase({ record: current, phase: 'run', now: T1 }) });
    const record = await store.update({ storyId: '3.1', patch: { agent: 'python-developer' } });
    expect(record).toMatchObject({ revision: 2, agent: 'python-developer', phases: [{ phase: 'run', start: T1 }] });
    await expect(store.update({ storyId: '3.1', patch: { status: 'Merged' } as never })).rejects.toThrow('status can only change through a lifecycle event');
    await expect(store.update({ storyId: '3.1', patch: { wave: -1 } })).rejects.toThrow(
      'story 3.1: refusing to write an invalid record (nothing was written):\n.agent-orchestration/story-3.1.json is not a valid story record:\n  - .agent-orchestration/story-3.1.json: field "wave" is -1',
    );
    expect(onDisk('3.1').revision).toBe(2);
  });

  it('reports a corrupt story file by name and never overwrites it', async () => {
    await store.ensureStory({ storyId: '1.1' });
    writeFileSync(file('story-1.2.json'), '{"schemaVersion": 1, "storyId": "1.2"');
    await expect(store.readStory({ storyId: '1.2' })).rejects.toThrow(expect.objectContaining({ code: 'STATE_CORRUPT', message: expect.stringContaining('.agent-orchestration/story-1.2.json is not valid JSON') }));
    await expect(store.transition({ storyId: '1.2', event: { type: 'START', reason: 'x' } })).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await expect(store.listStories()).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect(readFileSync(file('story-1.2.json'), 'utf8')).toBe('{"schemaVersion": 1, "storyId": "1.2"');
    expect(await store.refreshOrchestrationState()).toMatchObject({ totalStories: 1, unreadable: ['.agent-orchestration/story-1.2.json'] });
  });

  it('refuses a story file that holds another story', async () => {
    await store.ensureStory({ storyId: '1.1' });
    writeFileSync(file('story-1.2.json'), readFileSync(file('story-1.1.json')));
    await expect(store.readStory({ storyId: '1.2' })).rejects.toThrow('.agent-orchestration/story-1.2.json holds story 1.1, but its name says 1.2.');
  });

  it('builds no path from an unsafe id', async () => {
    await expect(store.transition({ storyId: '../../x', event: { type: 'START', reason: 'x' } })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    await expect(store.update({ storyId: '1.2/..', patch: {} })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    expect(() => store.logDir({ storyId: '..' })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
    expect(existsSync(file(''))).toBe(false);
    expect(store.logDir({ storyId: '1.2' })).toBe(file('logs/1.2'));
    expect(existsSync(file('logs/1.2'))).toBe(true);
  });

  it('refuses changes while another live process owns the story, except RESET and a human verdict', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const other = ownerOf(sleeper.pid as number);
    await store.transition({ storyId: '1.2', event: { type: 'START', reason: 'other process', owner: other } });
    await expect(store.transition({ storyId: '1.2', event: { type: 'SUBMIT', reason: 'x' } })).rejects.toThrow(
      expect.objectContaining({ code: 'STORY_BUSY', message: expect.stringContaining(`story 1.2 is In Progress and being worked on by pid ${sleeper.pid}`) }),
    );
    await expect(store.claim({ storyId: '1.2' })).rejects.toMatchObject({ code: 'STORY_BUSY' });
    expect(await store.recoverOrphans()).toEqual([]);

    await store.transition({ storyId: '1.3', event: { type: 'START', reason: 'go' } });
    await store.transition({ storyId: '1.3', event: { type: 'SUBMIT', reason: 'ok' } });
    await store.update({ storyId: '1.3', patch: { awaitingReview: true } });
    writeFileSync(file('story-1.3.json'), JSON.stringify({ ...onDisk('1.3'), owner: other }));
    await expect(store.transition({ storyId: '1.3', event: { type: 'FAIL', reason: 'x', phase: 'review' } })).rejects.toMatchObject({ code: 'STORY_BUSY' });
    await expect(store.transition({ storyId: '1.3', event: { type: 'APPROVE', reason: 'human approved' } })).resolves.toMatchObject({ to: 'Approved' });

    await expect(store.transition({ storyId: '1.2', event: { type: 'RESET', reason: 'user' } })).resolves.toMatchObject({ to: 'Not Started' });
  });

  it('recovers a story whose owner process is gone, never leaving it stuck', async () => {
    const gone = ownerOf(spawnSync(process.execPath, ['-e', '']).pid as number);
    await store.transition({ storyId: '1.2', event: { type: 'START', reason: 'go', owner: gone }, patch: (r) => startPhase({ record: r, phase: 'run', now: T1 }) });
    await store.transition({ storyId: '1.3', event: { type: 'START', reason: 'go' } });
    const recovered = await store.recoverOrphans();
    expect(recovered.map((r) => [r.record.storyId, r.from, r.to])).toEqual([['1.2', 'In Progress', 'In Progress']]);
    expect(recovered[0].record).toMatchObject({ owner: null, phases: [{ phase: 'run', result: 'interrupted' }] });
    expect((await store.readHistory()).at(-1)).toMatchObject({ story: '1.2', event: 'RECOVER', reason: expect.stringContaining(`owner pid ${gone.pid}`) });
    expect((await store.claim({ storyId: '1.2' })).owner).toMatchObject({ pid: process.pid });
    await expect(store.transition({ storyId: '1.2', event: { type: 'SUBMIT', reason: 'resumed' } })).resolves.toMatchObject({ to: 'Ready for Review' });
  });

  it('claim takes over a gone owner in one step; release gives up only its own ownership', async () => {
    const gone = ownerOf(spawnSync(process.execPath, ['-e', '']).pid as number);
    await store.transition({ storyId: '4.1', event: { type: 'START', reason: 'go', owner: gone } });
    const claimed = await store.claim({ storyId: '4.1' });
    expect(claimed).toMatchObject({ status: 'In Progress', owner: { pid: process.pid } });
    expect((await store.readHistory()).map((h) => h.event)).toEqual(['START', 'RECOVER']);
    expect(await store.claim({ storyId: '4.1' })).toEqual(claimed);
    expect((await store.release({ storyId: '4.1' }))?.owner).toBeNull();
    expect(await store.release({ storyId: '9.9' })).toBeUndefined();
  });

  it('ignores and cleans temp files of killed writers', async () => {
    await store.ensureStory({ storyId: '1.1' });
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(file(`.story-1.1.json.${gone}.abcd.tmp`), '{"torn');
    expect((await store.listStories()).map((r) => r.storyId)).toEqual(['1.1']);
    await store.refreshOrchestrationState();
    expect(readdirSync(file('')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
