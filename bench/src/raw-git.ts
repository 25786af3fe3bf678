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
