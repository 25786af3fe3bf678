/**
 * Did the base branch move in a way no story run may cause? While an agent runs, the base only
 * moves forward (other stories' merges, the user's commits). An agent that rewinds it (`git -C
 * <main repo> reset --hard HEAD~1`, `git update-ref refs/heads/main HEAD~1`) drops commits from it;
 * one that force-updates it to its own commits publishes work nobody reviewed. Both are reported,
 * naming the commit that restores the base, so the story stops and nothing is lost silently.
 */
import { existsSync } from 'node:fs';
import { branchTip, isAncestor } from './repo';
import { runGit } from './run-git';

/** Why the base's move while an agent worked in `worktree` is not acceptable, or undefined when it is. */
export async function baseBranchViolation(args: { repoRoot: string; baseBranch: string; baseBefore: string; worktree: string }): Promise<string | undefined> {
  const { repoRoot, baseBranch, baseBefore } = args;
  const baseAfter = await branchTip({ repoRoot, branch: baseBranch });
  if (baseAfter === baseBefore) return undefined;
  if (!(await isAncestor({ repoRoot, ancestor: baseBefore, descendant: baseAfter }))) {
    return `${baseBranch} was rewritten while the agent ran: it no longer contains ${baseBefore.slice(0, 12)} (now ${baseAfter.slice(0, 12)}). Nothing more is merged onto it for this story; to restore it run \`git update-ref refs/heads/${baseBranch} ${baseBefore} ${baseAfter}\` (and update the working tree), or keep it on purpose and run again.`;
  }
  const head = existsSync(args.worktree) ? await runGit({ cwd: args.worktree, args: ['rev-parse', '--verify', '--quiet', 'HEAD'], allowFailure: true }) : undefined;
  if (!head || head.exitCode !== 0) return undefined; // the worktree is gone: the step fails on that
  const agentTip = head.stdout.trim();
  const ownCommits = !(await isAncestor({ repoRoot, ancestor: agentTip, descendant: baseBefore }));
  if (ownCommits && (await isAncestor({ repoRoot, ancestor: agentTip, descendant: baseAfter }))) {
    return `${baseBranch} was moved to the story's own unreviewed commits (${agentTip.slice(0, 12)}) while the agent ran; nx-stories merges only reviewed work. ${baseBranch} was ${baseBefore.slice(0, 12)} before.`;
  }
  return undefined;
}
