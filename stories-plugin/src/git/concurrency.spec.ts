import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gitRepo, GitRepo } from '../testing/git-repo';
import { tempDir, TempDir } from '../testing/temp-dir';
import { commitAll } from './commit';
import { mergeStoryBranch } from './merge';
import { findMergedStory } from './merged-story';
import { createStoryWorktree, removeStoryWorktree } from './worktrees';

// Child processes use the built module (run `npm run build` first): this proves cross-process behaviour.
const BUILT_GIT = resolve(__dirname, '../../dist/git/index.js');
const STORIES = Array.from({ length: 16 }, (_, i) => `1.${i + 1}`);
const run = promisify(execFile);

/** `git status` entries, untrimmed (a leading space is meaningful). */
const statusOf = (repo: GitRepo) =>
  execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: repo.path, encoding: 'utf8' }).split('\0').filter(Boolean).sort();

/** One Nx task's git life: create, work, commit, (all wait), merge, remove. */
const CHILD = `
  const git = require(process.argv[1]);
  const fs = require('fs');
  const path = require('path');
  const [repoRoot, storyId, barrier, total, file] = process.argv.slice(2);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function allReach(phase) {
    fs.writeFileSync(path.join(barrier, phase + '-' + storyId), '');
    const deadline = Date.now() + 60000;
    while (fs.readdirSync(barrier).filter((f) => f.startsWith(phase + '-')).length < Number(total)) {
      if (Date.now() > deadline) throw new Error('another process never reached ' + phase);
      await sleep(10);
    }
  }
  (async () => {
    await allReach('start');
    const wt = await git.createStoryWorktree({ repoRoot, baseBranch: 'main', storyId, slug: 'parallel', agent: 'dev', now: new Date() });
    const target = path.join(wt.path, file || path.join('stories', storyId + '.txt'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'story ' + storyId + '\\n');
    const tip = await git.commitAll({ worktree: wt.path, message: 'story ' + storyId });
    await allReach('created');
    let merged;
    try {
      merged = await git.mergeStoryBranch({ repoRoot, baseBranch: 'main', branch: wt.branch, storyId, storyHash: 'hash-' + storyId, title: 'Parallel ' + storyId });
    } catch (e) {
      if (e.code !== 'MERGE_CONFLICT') throw e;
      await git.removeStoryWorktree({ repoRoot, worktree: wt.path });
      process.stdout.write(JSON.stringify({ storyId, branch: wt.branch, tip, conflicts: e.problems.map((p) => p.file) }));
      return;
    }
    await git.removeStoryWorktree({ repoRoot, worktree: wt.path, deleteBranch: { branch: wt.branch } });
    process.stdout.write(JSON.stringify({ storyId, commit: merged.commit }));
  })().catch((e) => { process.stderr.write((e && e.code) + ': ' + (e && e.stack || e)); process.exit(1); });`;

function startChild(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['-e', CHILD, BUILT_GIT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return { child, done: new Promise((finish) => child.on('exit', (code) => finish({ code, stdout, stderr }))) };
}

/** A user committing in the main working tree, retrying as a person would when git says index.lock exists. */
async function userCommits(repo: GitRepo, count: number): Promise<void> {
  for (let k = 0; k < count; k++) {
    writeFileSync(join(repo.path, `user-${k}.txt`), `user ${k}\n`);
    for (;;) {
      try {
        await run('git', ['add', `user-${k}.txt`], { cwd: repo.path });
        // --only: commits just this file; the user's other staged change stays staged.
        await run('git', ['commit', '-q', '-m', `user ${k}`, '--', `user-${k}.txt`], { cwd: repo.path });
        break;
      } catch (error) {
        if (!String((error as { stderr?: string }).stderr).includes('index.lock')) throw error;
        await new Promise((done) => setTimeout(done, 30));
      }
    }
  }
}

describe('git worktree manager under concurrency', () => {
  let repo: GitRepo;
  let barrier: TempDir;
  beforeAll(() => {
    if (!existsSync(BUILT_GIT)) throw new Error(`${BUILT_GIT} is missing: run \`npm run build\` first.`);
  });
  beforeEach(() => {
    repo = gitRepo({ 'README.md': '# r\n', 'docs/a.md': 'a\n' });
    barrier = tempDir('nx-stories-barrier-');
  });
  afterEach(() => {
    repo.cleanup();
    barrier.cleanup();
  });

  it('creates and merges 16 stories from 16 processes at once while the user works and commits', async () => {
    writeFileSync(join(repo.path, 'README.md'), '# r\nuser edit, not committed\n');
    repo.write({ 'staged.txt': 'staged\n', 'scratch/untracked.txt': 'scratch\n' });
    repo.git('add', 'staged.txt');
    const started = Date.now();
    const children = STORIES.map((id) => startChild([repo.path, id, barrier.path, String(STORIES.length)]));
    let anyExited = false;
    children.forEach((c) => c.done.then(() => (anyExited = true)));
    // The user starts committing when the merges start.
    while (!anyExited && readdirSync(barrier.path).filter((f) => f.startsWith('created-')).length < STORIES.length) {
      await new Promise((done) => setTimeout(done, 10));
    }
    await userCommits(repo, 4);
    const results = await Promise.all(children.map((c) => c.done));
    console.log(`16 parallel create+commit+merge+remove cycles (16 processes, user committing meanwhile): ${Date.now() - started} ms`);

    expect(results.map((r) => r.stderr)).toEqual(STORIES.map(() => ''));
    expect(results.map((r) => r.code)).toEqual(STORIES.map(() => 0));
    const merged = repo.git('log', '--first-parent', '--merges', '--format=%(trailers:key=Story-Id,valueonly,separator=)', 'main').split('\n');
    expect(merged.map((id) => id.trim()).sort()).toEqual([...STORIES].sort());
    for (const id of STORIES) {
      expect(await findMergedStory({ repoRoot: repo.path, baseBranch: 'main', storyId: id, storyHash: `hash-${id}` })).toBeDefined();
      expect(readFileSync(join(repo.path, 'stories', `${id}.txt`), 'utf8')).toBe(`story ${id}\n`);
    }
    const subjects = repo.git('log', '--format=%s', 'main').split('\n');
    expect(subjects.filter((s) => s.startsWith('user '))).toHaveLength(4);
    const status = statusOf(repo);
    expect(status).toEqual([' M README.md', '?? scratch/untracked.txt', 'A  staged.txt']);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git('branch', '--list', 'story/*')).toBe('');
    expect(readdirSync(join(repo.path, '.worktrees'))).toEqual([]);
    repo.git('fsck', '--no-dangling', '--no-progress'); // throws on any error
    for (const file of ['MERGE_HEAD', 'index.lock', 'nx-stories.lock', 'nx-stories-index.tmp']) {
      expect(existsSync(join(repo.path, '.git', file))).toBe(false);
    }
  });

  it('reports the loser of a concurrent conflicting pair with the paths, its branch intact', async () => {
    const pair = ['3.1', '3.2'].map((id) => startChild([repo.path, id, barrier.path, '2', 'docs/a.md']));
    const results = await Promise.all(pair.map((c) => c.done));
    expect(results.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
    const outcomes = results.map((r) => JSON.parse(r.stdout));
    const winner = outcomes.find((o) => o.commit);
    const loser = outcomes.find((o) => o.conflicts);
    expect(winner && loser).toBeTruthy();
    expect(loser.conflicts).toEqual(['docs/a.md']);
    expect(repo.git('rev-parse', loser.branch)).toBe(loser.tip);
    expect(repo.git('rev-parse', 'main')).toBe(winner.commit);
    expect(readFileSync(join(repo.path, 'docs/a.md'), 'utf8')).toBe(`story ${winner.storyId}\n`);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('times one create + commit + merge + remove cycle', async () => {
    const started = process.hrtime.bigint();
    const created = await createStoryWorktree({ repoRoot: repo.path, baseBranch: 'main', storyId: '2.1', slug: 'timed', agent: 'dev', now: new Date() });
    mkdirSync(join(created.path, 'src'));
    writeFileSync(join(created.path, 'src/timed.txt'), 'timed\n');
    await commitAll({ worktree: created.path, message: 'timed' });
    const merged = await mergeStoryBranch({ repoRoot: repo.path, baseBranch: 'main', branch: created.branch, storyId: '2.1', storyHash: 'h', title: 'Timed' });
    await removeStoryWorktree({ repoRoot: repo.path, worktree: created.path, deleteBranch: { branch: created.branch } });
    console.log(`one create+commit+merge+remove cycle: ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
    expect(repo.git('rev-parse', 'main')).toBe(merged.commit);
    expect(readFileSync(join(repo.path, 'src/timed.txt'), 'utf8')).toBe('timed\n');
  });
});
