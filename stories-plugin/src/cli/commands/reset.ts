/**
 * `stories reset <id>|--all [--delete-branches]`: the story's state back to Not Started and its
 * worktrees removed (uncommitted work is committed on the branch first). Branches stay unless
 * `--delete-branches`; logs and history always stay.
 */
import type { Command } from 'commander';
import { StoriesError } from '../../errors';
import { listStoryWorktrees, removeStoryWorktree, runGit, withRepoLock, STORY_BRANCH_PREFIX, assertStoryBranch } from '../../git';
import { describeOwner, isOwnerGone } from '../../state';
import { sortStoryIds } from '../../stories/ids';
import { storyIdArgument } from '../arguments';
import { examples, workspaceRootOf, type CommandContext } from '../command-context';
import { printLines } from '../io';
import { loadWorkspace, type CliWorkspace } from '../workspace';

/** The story branches of `storyId` among `branches`: `story/<id>-<slug>` and its `-attempt-<n>` copies. */
export function storyBranchesOf(args: { storyId: string; branches: readonly string[] }): string[] {
  return args.branches.filter((branch) => branch.startsWith(`${STORY_BRANCH_PREFIX}${args.storyId}-`)).sort();
}

/** Registers `reset`. */
export function registerResetCommand(program: Command, context: CommandContext): void {
  program
    .command('reset')
    .summary("start a story (or every story) over: state to Not Started, worktrees removed")
    .description(
      "Sets the story's state back to Not Started (attempts, review rounds and errors cleared) and removes its worktrees; uncommitted work in them is committed on the story branch first. Branches are kept unless --delete-branches. A story merged for its current content is found merged again by the next run; no agent starts for it.",
    )
    .argument('[id]', 'the story, e.g. 1.2')
    .option('--all', 'every story')
    .option('--delete-branches', 'also delete the story branches (story/<id>-*), with whatever they hold')
    .addHelpText('after', examples([['stories reset 1.2', 'start 1.2 over, keep its branch'], ['stories reset --all --delete-branches', 'forget every run']]))
    .action(async (idText: string | undefined, options: { all?: boolean; deleteBranches?: boolean }, command: Command) => {
      if ((idText === undefined) === (options.all !== true)) {
        throw new StoriesError({ code: 'SCOPE_INVALID', message: 'Name one story or pass --all.', hint: 'stories reset 1.2, or stories reset --all' });
      }
      const workspace = await loadWorkspace({ root: workspaceRootOf({ command, io: context.io }) });
      const recorded = (await workspace.store.listStories()).map((record) => record.storyId);
      const known = sortStoryIds(new Set([...workspace.graph.stories.map((story) => story.id), ...recorded]));
      const ids = idText === undefined ? known : [storyIdArgument({ text: idText, existing: known })];
      await refuseBusy(workspace, ids);
      const branches = await listStoryBranches(workspace);
      for (const id of ids) {
        printLines(context.io, await resetStory({ workspace, id, branches: storyBranchesOf({ storyId: id, branches }), deleteBranches: options.deleteBranches === true }));
      }
      context.setExitCode(0);
    });
}

/** Every local branch under `story/`. */
async function listStoryBranches(workspace: CliWorkspace): Promise<string[]> {
  const result = await runGit({ cwd: workspace.root, args: ['for-each-ref', '--format=%(refname:short)', `refs/heads/${STORY_BRANCH_PREFIX}`] });
  return result.stdout.split('\n').filter(Boolean);
}

/** Refuses before changing anything when a live process works on one of the stories. */
async function refuseBusy(workspace: CliWorkspace, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const owner = (await workspace.store.readStory({ storyId: id }))?.owner;
    if (owner && !isOwnerGone(owner)) {
      throw new StoriesError({
        code: 'STORY_BUSY',
        message: `Story ${id} is being worked on by ${describeOwner(owner)}; nothing was reset.`,
        hint: 'Stop that run first (Ctrl-C in its terminal), then reset.',
      });
    }
  }
}

/** Resets one story; returns what it did, one line each. */
async function resetStory(args: { workspace: CliWorkspace; id: string; branches: string[]; deleteBranches: boolean }): Promise<string[]> {
  const { workspace, id } = args;
  const lines: string[] = [];
  const record = await workspace.store.readStory({ storyId: id });
  if (record) {
    await workspace.store.transition({
      storyId: id,
      event: { type: 'RESET', reason: 'reset with `stories reset`' },
      patch: { worktree: null, ...(args.deleteBranches ? { branch: null } : {}), awaitingReview: false, pausedUntil: null },
    });
    lines.push(`${id}: ${record.status} -> Not Started`);
  } else {
    lines.push(`${id}: no recorded state`);
  }
  const worktrees = (await listStoryWorktrees({ repoRoot: workspace.root })).filter((worktree) => worktree.storyId === id);
  for (const worktree of worktrees) {
    const deleteBranch = args.deleteBranches && worktree.branch?.startsWith(STORY_BRANCH_PREFIX) ? { branch: worktree.branch } : undefined;
    const removed = await removeStoryWorktree({ repoRoot: workspace.root, worktree: worktree.path, ...(deleteBranch ? { deleteBranch } : {}) });
    const saved = removed.savedCommit ? ` (uncommitted work saved as ${removed.savedCommit.slice(0, 12)} on ${worktree.branch})` : '';
    lines.push(`  removed worktree ${workspace.store.paths.display(worktree.path)}${saved}`);
  }
  if (args.deleteBranches) {
    // Removing a worktree deleted its branch already; what is left are branches of failed or earlier attempts.
    for (const branch of storyBranchesOf({ storyId: id, branches: await listStoryBranches(workspace) })) {
      await withRepoLock({ repoRoot: workspace.root, purpose: `delete branch ${branch}` }, () => runGit({ cwd: workspace.root, args: ['branch', '-D', assertStoryBranch(branch)] }));
    }
    if (args.branches.length > 0) lines.push(`  deleted ${args.branches.length === 1 ? 'branch' : 'branches'} ${args.branches.join(', ')}`);
  } else if (args.branches.length > 0) {
    lines.push(`  kept ${args.branches.length === 1 ? 'branch' : 'branches'} ${args.branches.join(', ')} (--delete-branches removes them)`);
  }
  return lines;
}
