/**
 * Story worktrees: create (or reuse after a crash), list, remove, prune. Every operation that
 * changes the repository's administrative state runs under the repository lock.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, type Dirent } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StoriesError } from '../errors';
import { commitAll } from './commit';
import {
  assertInsideWorktrees, assertStoryBranch, parseWorktreeDirName, worktreesRoot, STORY_BRANCH_PREFIX, storyBranchName, storyWorktreePath, validateBranchName, validateStoryId,
} from './names';
import { WorktreeEntry } from './parse';
import { setAsidePreviousBranch, PreviousAttempt } from './previous-attempt';
import { branchTip, isAncestor, listWorktrees, resolveCommit } from './repo';
import { gitCommonDir, withRepoLock } from './repo-lock';
import { gitText, runGit } from './run-git';
import { isInsideWorktrees, isUsableWorktree, samePath } from './worktree-paths';

/** Arguments of {@link createStoryWorktree} and {@link reuseOrCreateStoryWorktree}. */
export interface CreateStoryWorktreeArgs {
  /** Absolute root of the main working tree; `.worktrees/` is created inside it. */
  repoRoot: string;
  /** Branch the story starts from and is merged into. */
  baseBranch: string;
  storyId: string;
  /** Story slug (slugified again if it is not `[a-z0-9-]`). */
  slug: string;
  /** Agent name (slugified again if it is not `[a-z0-9-]`). */
  agent: string;
  /** Time stamped into the folder name (UTC). */
  now: Date;
}

/** A story worktree ready for an agent. */
export interface StoryWorktree {
  /** Absolute path `<repoRoot>/.worktrees/agent-<agent>-<id>-<YYYYMMDD-HHMMSS>`. */
  path: string;
  /** `story/<id>-<slug>`. */
  branch: string;
  /** The base commit the branch started from (for a reused worktree: its merge base with the base branch). */
  baseCommit: string;
  /** Set when a branch of an earlier attempt existed: what became of it. */
  previousAttempt?: PreviousAttempt;
}

/** A story worktree found in `git worktree list`, or a story folder under `.worktrees/` git does not know. */
export interface ListedStoryWorktree {
  path: string;
  branch?: string;
  head?: string;
  /** From the folder name, when it follows the contract's pattern. */
  storyId?: string;
  agent?: string;
  /** Its folder is gone; {@link pruneWorktrees} drops it. */
  prunable: boolean;
  locked: boolean;
  /** False for a folder that is no worktree: the remains of a `git worktree add` or `remove` that a kill cut short. */
  registered: boolean;
}

/** Lines added to `<git-common-dir>/info/exclude` so orchestration files never show up as untracked. */
const LOCAL_EXCLUDES = ['.worktrees/', '.agent-orchestration/'];

async function ensureLocalExcludes(repoRoot: string): Promise<void> {
  const excludeFile = join(await gitCommonDir(repoRoot), 'info', 'exclude');
  const current = existsSync(excludeFile) ? readFileSync(excludeFile, 'utf8') : '';
  const lines = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = LOCAL_EXCLUDES.filter((line) => !lines.has(line));
  if (missing.length === 0) return;
  mkdirSync(dirname(excludeFile), { recursive: true });
  const prefix = current === '' || current.endsWith('\n') ? '' : '\n';
  appendFileSync(excludeFile, `${prefix}# nx-stories: orchestration state and story worktrees\n${missing.join('\n')}\n`);
}

/**
 * Creates `story/<id>-<slug>` from the current tip of the base branch (`--no-track`) and its
 * worktree. A branch left by an earlier attempt is never lost: it is renamed to
 * `...-attempt-<n>` (or deleted when it holds no commit of its own) and reported in `previousAttempt`.
 */
export async function createStoryWorktree(args: CreateStoryWorktreeArgs): Promise<StoryWorktree> {
  const repoRoot = resolve(args.repoRoot);
  const storyId = validateStoryId(args.storyId);
  const branch = storyBranchName({ storyId, slug: args.slug });
  const path = storyWorktreePath({ repoRoot, agent: args.agent, storyId, now: args.now });
  const baseBranch = validateBranchName(args.baseBranch);
  return withRepoLock({ repoRoot, purpose: `create worktree of story ${storyId}` }, async () => {
    await ensureLocalExcludes(repoRoot);
    await removeBrokenStoryWorktrees({ repoRoot, storyId }); // prunes too
    const baseCommit = await branchTip({ repoRoot, branch: baseBranch });
    const previousAttempt = await setAsidePreviousBranch({ repoRoot, branch, baseCommit, storyId });
    if (existsSync(path)) {
      throw new StoriesError({ code: 'PATH_UNSAFE', message: `Worktree folder ${path} already exists.`, hint: 'Remove it, or start the story again a second later.' });
    }
    try {
      await runGit({ cwd: repoRoot, args: ['worktree', 'add', '--quiet', '--no-track', '-b', branch, path, baseCommit] });
    } catch (error) {
      await undoFailedAdd({ repoRoot, path, branch, baseCommit });
      throw error;
    }
    return { path, branch, baseCommit, ...(previousAttempt ? { previousAttempt } : {}) };
  });
}

/**
 * Removes the story's worktrees that cannot hold work: a `git worktree add` killed before it
 * wrote HEAD leaves a registration whose HEAD points at nothing (files checked out from the base
 * at most, no commit), which `git worktree remove` may refuse. Call holding the repository lock.
 */
async function removeBrokenStoryWorktrees(args: { repoRoot: string; storyId: string }): Promise<void> {
  for (const worktree of await listStoryWorktrees({ repoRoot: args.repoRoot })) {
    if (worktree.storyId !== args.storyId || !worktree.registered || worktree.prunable || !worktree.head || !/^0+$/.test(worktree.head)) continue;
    const removed = await runGit({ cwd: args.repoRoot, args: ['worktree', 'remove', '--force', worktree.path], allowFailure: true });
    if (removed.exitCode !== 0) rmSync(worktree.path, { recursive: true, force: true });
  }
  await runGit({ cwd: args.repoRoot, args: ['worktree', 'prune'], allowFailure: true });
}

/** Removes what a failed `git worktree add` may have left, never anything that holds work. */
async function undoFailedAdd(args: { repoRoot: string; path: string; branch: string; baseCommit: string }): Promise<void> {
  const entry = (await listWorktrees(args.repoRoot)).find((w) => samePath(w.path, args.path));
  if (entry) await runGit({ cwd: args.repoRoot, args: ['worktree', 'remove', '--force', args.path], allowFailure: true });
  else if (existsSync(args.path)) rmSync(args.path, { recursive: true, force: true });
  await runGit({ cwd: args.repoRoot, args: ['worktree', 'prune'], allowFailure: true });
  if ((await resolveCommit({ cwd: args.repoRoot, ref: `refs/heads/${args.branch}` })) === args.baseCommit) {
    await runGit({ cwd: args.repoRoot, args: ['branch', '-D', args.branch], allowFailure: true });
  }
}

/**
 * Recovery of a story found In Progress: reuses its worktree when one is still registered on the
 * story branch and intact (uncommitted work in it is kept), otherwise creates a fresh one as
 * {@link createStoryWorktree} does.
 */
export async function reuseOrCreateStoryWorktree(args: CreateStoryWorktreeArgs): Promise<StoryWorktree & { reused: boolean }> {
  const repoRoot = resolve(args.repoRoot);
  const branch = storyBranchName({ storyId: args.storyId, slug: args.slug });
  const baseBranch = validateBranchName(args.baseBranch);
  return withRepoLock({ repoRoot, purpose: `reuse or create worktree of story ${args.storyId}` }, async () => {
    const found = (await listWorktrees(repoRoot)).find((w) => w.branch === branch && !w.prunable && isInsideWorktrees({ repoRoot, path: w.path }));
    if (found && (await isUsableWorktree(found.path))) {
      const baseCommit = await gitText({ cwd: repoRoot, args: ['merge-base', `refs/heads/${baseBranch}`, `refs/heads/${branch}`] });
      return { path: found.path, branch, baseCommit, reused: true };
    }
    return { ...(await createStoryWorktree({ ...args, repoRoot })), reused: false };
  });
}

/**
 * Story worktrees (direct children of `<repoRoot>/.worktrees/`) registered in the repository, and
 * the folders there named like a story's worktree that git does not know (`registered: false`).
 */
export async function listStoryWorktrees(args: { repoRoot: string }): Promise<ListedStoryWorktree[]> {
  const repoRoot = resolve(args.repoRoot);
  const registered = (await listWorktrees(repoRoot))
    .filter((w: WorktreeEntry) => isInsideWorktrees({ repoRoot, path: w.path }))
    .map((w): ListedStoryWorktree => {
      const parsed = parseWorktreeDirName(w.path.split(/[\\/]/).pop() ?? '');
      return {
        path: w.path,
        ...(w.branch ? { branch: w.branch } : {}),
        ...(w.head ? { head: w.head } : {}),
        ...(parsed ? { storyId: parsed.storyId, agent: parsed.agent } : {}),
        prunable: w.prunable,
        locked: w.locked,
        registered: true,
      };
    });
  const unregistered = unregisteredStoryFolders({ repoRoot, registered: registered.map((worktree) => worktree.path) });
  return [...registered, ...unregistered];
}

function unregisteredStoryFolders(args: { repoRoot: string; registered: readonly string[] }): ListedStoryWorktree[] {
  const root = worktreesRoot(args.repoRoot);
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry): ListedStoryWorktree[] => {
    const parsed = entry.isDirectory() ? parseWorktreeDirName(entry.name) : undefined;
    const path = join(root, entry.name);
    if (!parsed || args.registered.some((known) => samePath(known, path))) return [];
    return [{ path, storyId: parsed.storyId, agent: parsed.agent, prunable: false, locked: false, registered: false }];
  });
}

/** What {@link removeStoryWorktree} did. */
export interface RemovedStoryWorktree {
  /** A registered worktree or a leftover folder was removed. */
  removed: boolean;
  /** Commit that saved uncommitted work before removal (only when the branch is kept). */
  savedCommit: string | null;
  branchDeleted: boolean;
}

/**
 * Force-removes a story worktree (dirty or not) and prunes. When the branch is kept, uncommitted
 * work is first committed on it, so removal never loses anything. `deleteBranch` also deletes the
 * story branch: pass it only after a successful merge.
 */
export async function removeStoryWorktree(args: { repoRoot: string; worktree: string; deleteBranch?: { branch: string } }): Promise<RemovedStoryWorktree> {
  const repoRoot = resolve(args.repoRoot);
  const path = assertInsideWorktrees({ repoRoot, path: args.worktree });
  const branchToDelete = args.deleteBranch ? assertStoryBranch(args.deleteBranch.branch) : undefined;
  return withRepoLock({ repoRoot, purpose: `remove worktree ${path}` }, async () => {
    const entry = (await listWorktrees(repoRoot)).find((w) => samePath(w.path, path));
    let savedCommit: string | null = null;
    if (entry && !entry.prunable && !branchToDelete && entry.branch?.startsWith(STORY_BRANCH_PREFIX) && (await isUsableWorktree(path))) {
      savedCommit = await commitAll({ worktree: path, message: 'nx-stories: save uncommitted work before removing the worktree' });
    }
    let removed = false;
    if (entry && !entry.prunable) {
      await runGit({ cwd: repoRoot, args: ['worktree', 'remove', '--force', path] });
      removed = true;
    } else if (existsSync(path)) {
      // Inside .worktrees/ and unknown to git: the remains of a worktree that was never completed.
      rmSync(path, { recursive: true, force: true });
      removed = true;
    }
    await runGit({ cwd: repoRoot, args: ['worktree', 'prune'] });
    let branchDeleted = false;
    if (branchToDelete && (await resolveCommit({ cwd: repoRoot, ref: `refs/heads/${branchToDelete}` }))) {
      await runGit({ cwd: repoRoot, args: ['branch', '-D', branchToDelete] });
      branchDeleted = true;
    }
    return { removed, savedCommit, branchDeleted };
  });
}

/**
 * Deletes a story branch that no worktree holds and whose tip the base branch contains: the
 * cleanup of a merge that a crash cut short. Returns whether it deleted it.
 */
export async function deleteMergedStoryBranch(args: { repoRoot: string; baseBranch: string; branch: string }): Promise<boolean> {
  const repoRoot = resolve(args.repoRoot);
  const branch = assertStoryBranch(args.branch);
  if (!(await resolveCommit({ cwd: repoRoot, ref: `refs/heads/${branch}` }))) return false; // the usual case, without the lock
  return withRepoLock({ repoRoot, purpose: `delete merged branch ${branch}` }, async () => {
    const tip = await resolveCommit({ cwd: repoRoot, ref: `refs/heads/${branch}` });
    if (!tip || (await listWorktrees(repoRoot)).some((w) => w.branch === branch && !w.prunable)) return false;
    if (!(await isAncestor({ repoRoot, ancestor: tip, descendant: await branchTip({ repoRoot, branch: args.baseBranch }) }))) return false;
    await runGit({ cwd: repoRoot, args: ['branch', '-D', branch] });
    return true;
  });
}

/** `git worktree prune` under the repository lock: drops registrations whose folder is gone. */
export async function pruneWorktrees(args: { repoRoot: string }): Promise<void> {
  const repoRoot = resolve(args.repoRoot);
  await withRepoLock({ repoRoot, purpose: 'prune worktrees' }, () => runGit({ cwd: repoRoot, args: ['worktree', 'prune'] }));
}
