/**
 * What must hold after any run, killed or not, once a run has completed: every story merged
 * exactly once, the user's history and working tree intact, nothing left behind (worktrees, lock
 * files, temp files, MERGE_HEAD), `git fsck` clean. Each check returns the list of what is wrong,
 * so a failing test prints every problem at once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GitRepo } from '../../../stories-plugin/src/testing/git-repo';

/** One story record as the tests read it. */
export interface RecordView {
  storyId: string;
  status: string;
  owner: { pid: number } | null;
  worktree: string | null;
  branch: string | null;
  error?: { message: string; blockedBy?: string[] } | null;
}

/** One line of `history.jsonl`. */
export interface HistoryView {
  time: string;
  story: string;
  from: string;
  to: string;
  event: string;
  reason: string;
}

/** Every story record of the workspace, by id. */
export function readRecords(root: string): Record<string, RecordView> {
  const dir = join(root, '.agent-orchestration');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => /^story-.*\.json$/.test(name))
      .map((name) => {
        const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RecordView;
        return [record.storyId, record];
      }),
  );
}

/** The history lines (cut-short lines of a killed writer skipped). */
export function readHistoryLines(root: string): HistoryView[] {
  const file = join(root, '.agent-orchestration/history.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().endsWith('}'))
    .map((line) => JSON.parse(line) as HistoryView);
}

/** Story ids of the merge commits on the first-parent chain of `branch`, oldest first. */
export function mergedStoryIds(repo: GitRepo, branch = 'main'): string[] {
  return repo
    .git('log', '--first-parent', '--merges', '--reverse', '--format=%(trailers:key=Story-Id,valueonly,separator=%x2C)', branch)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Every file under `dir` (recursively) whose name matches `pattern`, relative to `base`. */
function findFiles(dir: string, pattern: RegExp, base: string, skip: (path: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip(path)) continue;
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir) found.push(...findFiles(path, pattern, base, skip));
    else if (pattern.test(name)) found.push(relative(base, path));
  }
  return found;
}

/** Lock files, temp files and half-done operations left in `.git/` and `.agent-orchestration/`. */
export function leftovers(root: string): string[] {
  const gitDir = join(root, '.git');
  const problems: string[] = [];
  const skipObjects = (path: string) => path === join(gitDir, 'objects') || path === join(gitDir, 'logs');
  for (const file of findFiles(gitDir, /\.lock$|^MERGE_HEAD$|^CHERRY_PICK_HEAD$|^nx-stories-index|^nx-stories-merge|^nx-stories-lock-cleanup|\.takeover$|^packed-refs\.new$/, root, skipObjects)) {
    problems.push(`left in .git: ${file}`);
  }
  for (const file of findFiles(join(root, '.agent-orchestration'), /\.lock$|\.takeover$|\.tmp$/, root, (path) => path.includes('/logs/'))) {
    problems.push(`left in the state folder: ${file}`);
  }
  const worktreesAdmin = join(gitDir, 'worktrees');
  if (existsSync(worktreesAdmin) && readdirSync(worktreesAdmin).length > 0) {
    problems.push(`worktree registrations left: ${readdirSync(worktreesAdmin).join(', ')}`);
  }
  const worktreesDir = join(root, '.worktrees');
  if (existsSync(worktreesDir) && readdirSync(worktreesDir).length > 0) {
    problems.push(`worktree folders left: ${readdirSync(worktreesDir).join(', ')}`);
  }
  return problems;
}

/** `git fsck` problems (dangling objects are fine: an aborted merge leaves its commit unreferenced). */
export function fsckProblems(root: string): string[] {
  const result = spawnSync('git', ['fsck', '--no-dangling', '--no-progress'], { cwd: root, encoding: 'utf8' });
  const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
  return result.status === 0 && lines.length === 0 ? [] : [`git fsck exit ${result.status}: ${lines.slice(0, 20).join(' | ')}`];
}

/** Tracked or untracked changes in the main working tree (ignored files excluded). */
export function dirtyCheckout(root: string): string[] {
  const status = execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
  return status
    .split('\n')
    .filter(Boolean)
    .map((line) => `uncommitted in the main working tree: ${line}`);
}

/**
 * Everything that must hold once a run over `storyIds` completed: each merged exactly once and
 * recorded Merged, its file on main, no story worktree or plain story branch left, no leftovers,
 * `git fsck` clean, the main working tree clean.
 */
export function completedRunProblems(repo: GitRepo, storyIds: readonly string[]): string[] {
  const problems: string[] = [];
  const merges = mergedStoryIds(repo);
  for (const id of storyIds) {
    const count = merges.filter((merged) => merged === id).length;
    if (count !== 1) problems.push(`story ${id} merged ${count} times on main`);
    const onMain = spawnSync('git', ['cat-file', '-e', `main:src/${id}.txt`], { cwd: repo.path });
    if (onMain.status !== 0) problems.push(`src/${id}.txt is not on main`);
  }
  const records = readRecords(repo.path);
  for (const id of storyIds) {
    if (records[id]?.status !== 'Merged') problems.push(`story ${id} is ${records[id]?.status ?? 'without a record'}${records[id]?.error ? `: ${records[id]?.error?.message}` : ''}`);
    if (records[id]?.owner) problems.push(`story ${id} still has an owner (pid ${records[id]?.owner?.pid})`);
  }
  const branches = repo.git('for-each-ref', '--format=%(refname:short)', 'refs/heads/story/').split('\n').filter(Boolean);
  for (const branch of branches.filter((name) => !/-attempt-\d+$/.test(name))) problems.push(`story branch left: ${branch}`);
  problems.push(...leftovers(repo.path), ...fsckProblems(repo.path), ...dirtyCheckout(repo.path));
  return problems;
}
