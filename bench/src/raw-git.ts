/**
 * The raw git work of one story, as a plain script does it: a worktree on a new branch, the
 * agent's one file, `add` and `commit`, a `--no-ff` merge into the checked-out main, the worktree
 * and the branch removed. Part 2 times it; part 4 uses it to lay down a merged history quickly.
 */
import { join } from 'node:path';
import { nowMs, timed, writeFiles } from './workspace';

/** The steps of one story, timed one by one (ms). */
export interface RawStory {
  worktreeAdd: number;
  commit: number;
  merge: number;
  worktreeRemove: number;
  total: number;
}

/**
 * Does one story's git work in the repository at `repoPath` (main checked out there).
 * `name` must be a plain token (`r1`, `1.2`); `message` is the merge commit's message.
 */
export function rawGitStory(args: { repoPath: string; name: string; message?: string }): RawStory {
  const { repoPath, name } = args;
  if (!/^[A-Za-z0-9.-]+$/.test(name)) throw new Error(`raw story name ${JSON.stringify(name)} is not a plain token`);
  const git = (...gitArgs: string[]) => {
    const result = timed('git', gitArgs, { cwd: repoPath, cpu: false });
    if (result.status !== 0) throw new Error(`git ${gitArgs.join(' ')} failed: ${result.stderr}`);
    return result.ms;
  };
  const branch = `raw/${name}`;
  const worktree = join(repoPath, '.worktrees', `raw-${name}`);
  const start = nowMs();
  const worktreeAdd = git('worktree', 'add', '--quiet', '--no-track', '-b', branch, worktree, 'main');
  const commitStart = nowMs();
  writeFiles(worktree, { [`src/${name}.txt`]: `raw story ${name}\n` });
  git('-C', worktree, 'add', '--all');
  git('-C', worktree, 'commit', '--quiet', '-m', `raw story ${name}`);
  const commit = nowMs() - commitStart;
  const merge = git('merge', '--quiet', '--no-ff', '-m', args.message ?? `Merge raw story ${name}`, branch);
  const removeStart = nowMs();
  git('worktree', 'remove', '--force', worktree);
  git('branch', '-D', '--quiet', branch);
  const worktreeRemove = nowMs() - removeStart;
  return { worktreeAdd, commit, merge, worktreeRemove, total: nowMs() - start };
}

/**
 * The same story's git work in a worktree kept from story to story (a pool of one): the branch
 * is switched there from main's tip, so git rewrites only the files that differ, not all of them.
 * `worktree` must exist already (see {@link addPooledWorktree}).
 */
export function pooledGitStory(args: { repoPath: string; worktree: string; name: string }): RawStory {
  const { repoPath, worktree, name } = args;
  if (!/^[A-Za-z0-9.-]+$/.test(name)) throw new Error(`raw story name ${JSON.stringify(name)} is not a plain token`);
  const git = (...gitArgs: string[]) => {
    const result = timed('git', gitArgs, { cwd: repoPath, cpu: false });
    if (result.status !== 0) throw new Error(`git ${gitArgs.join(' ')} failed: ${result.stderr}`);
    return result.ms;
  };
  const branch = `pool/${name}`;
  const start = nowMs();
  const worktreeAdd = git('-C', worktree, 'switch', '--quiet', '--no-track', '-C', branch, 'main');
  const commitStart = nowMs();
  writeFiles(worktree, { [`src/${name}.txt`]: `pooled story ${name}\n` });
  git('-C', worktree, 'add', '--all');
  git('-C', worktree, 'commit', '--quiet', '-m', `pooled story ${name}`);
  const commit = nowMs() - commitStart;
  const merge = git('merge', '--quiet', '--no-ff', '-m', `Merge pooled story ${name}`, branch);
  const removeStart = nowMs();
  git('-C', worktree, 'switch', '--quiet', '--detach', 'main');
  git('branch', '-D', '--quiet', branch);
  const worktreeRemove = nowMs() - removeStart;
  return { worktreeAdd, commit, merge, worktreeRemove, total: nowMs() - start };
}

/** Creates the pooled worktree once (detached at main); its cost is paid once, not per story. */
export function addPooledWorktree(repoPath: string): string {
  const worktree = join(repoPath, '.worktrees', 'pool-1');
  const result = timed('git', ['worktree', 'add', '--quiet', '--detach', worktree, 'main'], { cwd: repoPath, cpu: false });
  if (result.status !== 0) throw new Error(`git worktree add (pool) failed: ${result.stderr}`);
  return worktree;
}
