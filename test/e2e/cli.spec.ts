/**
 * The `stories` command end to end, for the commands that start no agent: the built bin in a temp
 * Nx workspace (a real git repository), state prepared through the real state store.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TEST_ENV, offlineAgents, recordedStatuses, runStories, scriptedStory, STORIES_BIN } from '../../stories-plugin/src/cli/__fixtures__/cli-run';
import { StateStore } from '../../stories-plugin/src/state';
import { nxWorkspace, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';

const STARTS = '/dev/null';
const story = (id: string, title: string, dependencies?: string, epic?: string) => scriptedStory({ id, title, dependencies, epic, starts: STARTS });
const FILES = {
  'docs/stories/1.1.sign-up.md': story('1.1', 'Sign up', undefined, 'Auth'),
  'docs/stories/1.2.log-in.md': story('1.2', 'Log in', '1.1', 'Auth'),
  'docs/stories/1.3.log-out.md': story('1.3', 'Log out', '1.2', 'Auth'),
  'docs/stories/1.5.tokens.md': story('1.5', 'Tokens', undefined, 'Auth'),
  'docs/stories/2.3.profile.md': story('2.3', 'Profile', '1.5', 'Profile'),
};

/** A worktree of story `id` on its branch, as the run step makes it, recorded in the state. */
async function storyWorktree(ws: NxWorkspace, store: StateStore, id: string, slug: string): Promise<{ path: string; branch: string }> {
  const relative = `.worktrees/agent-general-developer-${id}-20240501-100000`;
  const branch = `story/${id}-${slug}`;
  ws.git('worktree', 'add', '-q', '-b', branch, relative, 'main');
  await store.update({ storyId: id, patch: { worktree: relative, branch, title: slug } });
  return { path: join(ws.path, relative), branch };
}

describe('stories (no agent runs)', () => {
  let ws: NxWorkspace;
  let store: StateStore;
  beforeEach(() => {
    ws = nxWorkspace(FILES, offlineAgents({ reviewer: 'human' }));
    store = new StateStore({ workspaceRoot: ws.path });
  });
  afterEach(() => ws.cleanup());

  it('validate: a one-line summary for valid stories; for invalid ones the text nx fails with, exit 1', () => {
    const valid = runStories({ cwd: join(ws.path, 'docs'), argv: ['validate'] });
    expect(valid).toMatchObject({ status: 0, stdout: '5 stories, 3 dependencies, 3 waves: valid\n' });

    writeFileSync(join(ws.path, 'docs/stories/2.3.profile.md'), story('2.3', 'Profile', '1.9', 'Profile'));
    const invalid = runStories({ cwd: ws.path, argv: ['validate'] });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/^nx-stories: 1 problem in the story files:\n {2}- docs\/stories\/2\.3\.profile\.md:\d+: unknown dependency "1\.9"/);
    const nx = ws.nx(['show', 'projects']);
    expect(nx.status).not.toBe(0);
    for (const line of invalid.stderr.trim().split('\n')) expect(nx.output).toContain(line.trim());

    const elsewhere = runStories({ cwd: '/', argv: ['validate', '--cwd', ws.path] });
    expect(elsewhere).toMatchObject({ status: 1, stderr: invalid.stderr });
    const none = runStories({ cwd: '/tmp', argv: ['validate'] });
    expect(none).toMatchObject({ status: 1 });
    expect(none.stderr).toMatch(/No nx\.json in \/tmp or any folder above it/);
  });

  it('plan --json: the scope in its own waves, with agents, statuses and the unmerged dependencies outside it', async () => {
    await store.transition({ storyId: '1.1', event: { type: 'ALREADY_MERGED', reason: 'test' } });
    const result = runStories({ cwd: ws.path, argv: ['plan', '1.2-2.3', '--json'] });
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.scope).toEqual(['1.2', '1.3', '1.5', '2.3']);
    expect(plan.totals).toEqual({ stories: 4, dependencies: 3, waves: 2 });
    expect(plan.waves.map((wave: { stories: Array<{ id: string }> }) => wave.stories.map((s) => s.id))).toEqual([['1.2', '1.5'], ['1.3', '2.3']]);
    expect(plan.waves[0].stories[0]).toMatchObject({
      id: '1.2',
      title: 'Log in',
      epic: 'auth',
      agent: 'general-developer',
      agentReason: 'default',
      status: 'Not Started',
      statusSource: 'default',
      dependencies: [{ id: '1.1', kind: 'explicit', inScope: false }],
    });
    expect(plan.outOfScope.missing).toEqual([]);

    const lacking = JSON.parse(runStories({ cwd: ws.path, argv: ['plan', 'epic:profile', '--json'] }).stdout);
    expect(lacking.scope).toEqual(['2.3']);
    expect(lacking.outOfScope).toEqual({ missing: [{ storyId: '2.3', dependencyId: '1.5', via: [] }], expandWith: ['1.5'], skip: ['2.3'] });
    expect(runStories({ cwd: ws.path, argv: ['plan', '9.1'] })).toMatchObject({ status: 1, stderr: expect.stringContaining('unknown story 9.1') });

    writeFileSync(join(ws.path, 'docs/stories/3.1.report.md'), '# Story 3.1: Report\n\nRun pytest on src/report.py.\n');
    const detected = JSON.parse(runStories({ cwd: ws.path, argv: ['plan', '3.1', '--json'] }).stdout).waves[0].stories[0];
    expect(detected).toMatchObject({ agent: 'python-developer', agentReason: 'detected', agentEvidence: expect.arrayContaining(['+5: mentions "pytest"']) });
    const text = runStories({ cwd: ws.path, argv: ['plan', '3.1', '1.1'] }).stdout;
    expect(text).toMatch(/ {6}agent: python-developer \(detected: \+5: mentions "pytest"; .*chose python-developer with \d+ points/);
    expect(text).toContain('      agent: general-developer (default: chose general-developer: no agent reached 3 points)');
  });

  it('status --json: statuses from the state store, task percent from the worktree, what awaits review', async () => {
    await store.transition({ storyId: '1.1', event: { type: 'ALREADY_MERGED', reason: 'test' } });
    await store.transition({ storyId: '1.2', event: { type: 'START', reason: 'test', owner: { pid: process.pid, hostname: require('node:os').hostname(), since: new Date().toISOString() } } });
    const worktree = await storyWorktree(ws, store, '1.2', 'log-in');
    const file = join(worktree.path, 'docs/stories/1.2.log-in.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('## Tasks\n\n- [ ] write the file', '## Tasks\n\n- [x] write the file\n- [ ] test it'));
    await store.transition({ storyId: '1.5', event: { type: 'START', reason: 'test' } });
    await store.transition({ storyId: '1.5', event: { type: 'SUBMIT', reason: 'test' } });
    await store.update({ storyId: '1.5', patch: { awaitingReview: true } });

    const result = runStories({ cwd: ws.path, argv: ['status', '--json'] });
    expect(result.status).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.stories).toEqual([
      { id: '1.1', title: 'Sign up', status: 'Merged', wave: 1 },
      { id: '1.2', title: 'Log in', status: 'In Progress', wave: 2, percent: 50 },
      { id: '1.3', title: 'Log out', status: 'Not Started', wave: 3 },
      { id: '1.5', title: 'Tokens', status: 'Ready for Review', wave: 1, awaitingReview: true },
      { id: '2.3', title: 'Profile', status: 'Not Started', wave: 2 },
    ]);
    expect(status.awaitingReview).toEqual(['1.5']);
    expect(status.state).toMatchObject({ totalStories: 3, completed: 1, inProgress: 2 });

    const text = runStories({ cwd: ws.path, argv: ['status'] }).stdout;
    expect(text).toContain('⏳ 1.2 - Log in (In Progress - 50%)');
    expect(text).toContain('1.5: npx stories approve 1.5   or   npx stories request-changes 1.5 --finding "..."');

    // --watch without a terminal: one line per story, then one per change, until interrupted.
    const watcher = spawn(process.execPath, [STORIES_BIN, 'status', '--watch'], { cwd: ws.path, env: { ...process.env, ...CLI_TEST_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    watcher.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => watcher.on('close', resolve));
    const until = async (pattern: RegExp) => {
      for (let tries = 0; tries < 200 && !pattern.test(seen); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toMatch(pattern);
    };
    await until(/2\.3 Profile: Not Started\n/);
    await store.transition({ storyId: '1.5', event: { type: 'APPROVE', reason: 'test' } });
    await until(/1\.5 Tokens: Ready for Review \(awaiting review: npx stories approve 1\.5\) -> Approved\n/);
    watcher.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('reset: state back to Not Started, worktree removed with its work saved, branch kept; --all --delete-branches deletes it', async () => {
    await store.transition({ storyId: '1.2', event: { type: 'START', reason: 'test' } });
    const worktree = await storyWorktree(ws, store, '1.2', 'log-in');
    writeFileSync(join(worktree.path, 'half-done.txt'), 'work in progress\n');
    await store.transition({ storyId: '1.2', event: { type: 'FAIL', phase: 'run', reason: 'agent failed' } });

    const one = runStories({ cwd: ws.path, argv: ['reset', '1.2'] });
    expect(one.stderr).toBe('');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^1\.2: Failed -> Not Started\n {2}removed worktree \.worktrees\/agent-general-developer-1\.2-20240501-100000 \(uncommitted work saved as [0-9a-f]{12} on story\/1\.2-log-in\)\n {2}kept branch story\/1\.2-log-in \(--delete-branches removes them\)\n$/);
    expect(recordedStatuses(ws.path)['1.2']).toBe('Not Started');
    expect(existsSync(worktree.path)).toBe(false);
    expect(ws.git('show', `${worktree.branch}:half-done.txt`)).toBe('work in progress');

    const all = runStories({ cwd: ws.path, argv: ['reset', '--all', '--delete-branches'] });
    expect(all.status).toBe(0);
    expect(all.stdout).toContain('  deleted branch story/1.2-log-in');
    expect(all.stdout).toContain('2.3: no recorded state');
    expect(ws.git('branch', '--list', 'story/*')).toBe('');
    expect(runStories({ cwd: ws.path, argv: ['reset'] })).toMatchObject({ status: 1, stderr: expect.stringContaining('Name one story or pass --all.') });
  });

  it('approve / request-changes: a round in the story file on its branch, then the lifecycle event; refused unless awaiting review', async () => {
    const worktrees: Record<string, { path: string; branch: string }> = {};
    for (const [id, slug] of [['1.1', 'sign-up'], ['1.5', 'tokens']]) {
      await store.transition({ storyId: id, event: { type: 'START', reason: 'test' } });
      worktrees[id] = await storyWorktree(ws, store, id, slug);
      await store.transition({ storyId: id, event: { type: 'SUBMIT', reason: 'test' } });
      await store.update({ storyId: id, patch: { awaitingReview: true } });
    }

    const changes = runStories({ cwd: ws.path, argv: ['request-changes', '1.1', '--finding', 'Say hello', '--finding', 'Add a test'] });
    expect(changes.stderr).toBe('');
    expect(changes).toMatchObject({ status: 0 });
    expect(changes.stdout).toContain('Story 1.1: Ready for Review -> Changes Requested (review round 1 recorded in its story file)');
    expect(changes.stdout).toContain('npx stories implement 1.1');
    const onBranch = ws.git('show', `${worktrees['1.1'].branch}:docs/stories/1.1.sign-up.md`);
    expect(onBranch).toMatch(/## Review\n\n### Round 1: Changes requested\n\nReviewer: human \(Test\), [^\n]+\n\n- Say hello\n- Add a test$/);
    const record = JSON.parse(readFileSync(join(ws.path, '.agent-orchestration/story-1.1.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'Changes Requested', findings: ['Say hello', 'Add a test'], awaitingReview: false, reviewRounds: 1 });

    const approved = runStories({ cwd: ws.path, argv: ['approve', '1.5'] });
    expect(approved).toMatchObject({ status: 0 });
    expect(ws.git('show', `${worktrees['1.5'].branch}:docs/stories/1.5.tokens.md`)).toMatch(/### Round 1: Approved\n\nReviewer: human \(Test\)/);
    expect(recordedStatuses(ws.path)['1.5']).toBe('Approved');

    const again = runStories({ cwd: ws.path, argv: ['approve', '1.5'] });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^Story 1\.5 is Approved: `stories approve` needs a story awaiting review\.\nHint: `stories status` lists/);
    expect(runStories({ cwd: ws.path, argv: ['request-changes', '1.2'] })).toMatchObject({ status: 1, stderr: expect.stringContaining("required option '--finding <text>' not specified") });
  });

  it('retry refuses a story that did not fail; implement --dry-run shows the plan and the exact nx command; cancels without a terminal (exit 2)', () => {
    expect(runStories({ cwd: ws.path, argv: ['retry', '1.2'] })).toMatchObject({ status: 1, stderr: expect.stringContaining('Story 1.2 is Not Started: only a Failed or Blocked story can be retried.') });

    const dry = runStories({ cwd: ws.path, argv: ['implement', '1.1-1.3', '--dry-run', '--parallel', '2'] });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('📋 Story Plan: 3 stories in 3 waves');
    expect(dry.stdout).toContain('  nx run-many --targets implement --projects story-1.1,story-1.2,story-1.3 --parallel 2\n');

    const cancelled = runStories({ cwd: ws.path, argv: ['implement', '2.3'] });
    expect(cancelled.status).toBe(2);
    expect(cancelled.stderr).toContain('Story 2.3 depends on story 1.5, which is not in the current scope.');
    expect(cancelled.stderr).toContain('Cancelled: nothing was run.');
    expect(existsSync(join(ws.path, '.agent-orchestration'))).toBe(false);

    const skipped = runStories({ cwd: ws.path, argv: ['implement', '2.3', '--on-out-of-scope', 'skip', '--dry-run'] });
    expect(skipped).toMatchObject({ status: 0, stdout: expect.stringContaining('Nothing would run') });
  });

  it('--help of every command shows its usage and examples', () => {
    for (const command of ['plan', 'validate', 'implement', 'status', 'retry', 'reset', 'approve', 'request-changes']) {
      const help = runStories({ cwd: ws.path, argv: [command, '--help'] });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: stories ${command} `));
      expect(help.stdout).toContain('Examples:');
    }
    expect(runStories({ cwd: ws.path, argv: ['frobnicate'] })).toMatchObject({ status: 1, stderr: expect.stringContaining("unknown command 'frobnicate'") });
  });
});
