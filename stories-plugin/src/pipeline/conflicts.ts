/**
 * The conflict loop (contract section 5): when the story branch no longer merges cleanly, the
 * base is merged into the story branch inside its worktree, the agent resolves the conflicted
 * files (phase `resolve-conflict`), and the result goes through the checks and review again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { branchChanges, commitAll, gitText, runGit } from '../git';
import { commitIdentityEnv } from '../git/repo';
import { agentEnvironment, invokeAgent, pauseForUsageLimit } from './agent-phase';
import { failStory } from './failure';
import { beginPhase, finishPhase } from './phases';
import { reviewLoop } from './review-step';
import { failed, StepResult } from './step-result';
import type { StoryContext } from './story-context';
import { recordTestFailure, verifyImplementation } from './verify';

/** Paths git reports as unmerged in the worktree. */
async function unmergedPaths(worktree: string): Promise<string[]> {
  return (await gitText({ cwd: worktree, args: ['diff', '--name-only', '--diff-filter=U'] })).split('\n').filter(Boolean);
}

/**
 * Hands the conflicts to the agent; returns undefined when the story is Approved again (the
 * merge can be tried anew), else the step's result.
 */
export async function resolveConflicts(context: StoryContext, args: { worktree: string; branch: string; paths: string[] }): Promise<StepResult | undefined> {
  const { store, story, baseBranch } = context;
  const applied = await store.transition({ storyId: story.id, event: { type: 'CONFLICT', paths: args.paths, reason: `conflicts with ${baseBranch}: ${args.paths.join(', ')}` } });
  if (applied.to === 'Failed') {
    await failStory(context, { reason: applied.reason, phase: 'resolve-conflict' });
    return failed(applied.reason);
  }
  await beginPhase(context, 'resolve-conflict');
  context.log(`conflicts with ${baseBranch} in ${args.paths.join(', ')}: the agent resolves them`);
  // Bring the base in; the conflict markers are what the agent works on.
  await runGit({ cwd: args.worktree, args: ['merge', '--no-ff', '--no-edit', '--no-verify', baseBranch], env: await commitIdentityEnv(args.worktree), allowFailure: true });
  const conflicted = await unmergedPaths(args.worktree);
  const conflictsFile = join(await store.logDir({ storyId: story.id }), `conflicts-${applied.record.conflictRounds}.txt`);
  writeFileSync(conflictsFile, conflicted.join('\n') + '\n');
  const result = await invokeAgent(context, { phase: 'resolve-conflict', worktree: args.worktree, conflicts: conflicted, conflictsFile });
  if (result.usageLimit) {
    await abortMerge(args.worktree);
    return pauseForUsageLimit(context, result.usageLimit);
  }
  const markers = await filesWithMarkers(args.worktree, conflicted);
  if (result.ok && markers.length === 0 && conflicted.length > 0) {
    // Agents edit files; marking them resolved is git bookkeeping the orchestrator does.
    await runGit({ cwd: args.worktree, args: ['add', '--all', '--', ...conflicted] });
  }
  const stillConflicted = await unmergedPaths(args.worktree);
  if (!result.ok || stillConflicted.length > 0 || markers.length > 0) {
    await abortMerge(args.worktree);
    const unresolved = [...new Set([...stillConflicted, ...markers])];
    const reason = !result.ok
      ? `agent ${context.agentName} could not resolve the conflicts in ${conflicted.join(', ')}: ${result.reason ?? 'no reason given'}`
      : `unresolved conflicts in ${unresolved.join(', ')}`;
    await finishPhase(context, 'resolve-conflict', 'failed', reason);
    await failStory(context, { reason, phase: 'resolve-conflict' });
    return failed(reason);
  }
  await commitAll({ worktree: args.worktree, message: `story ${story.id}: merge ${baseBranch} and resolve conflicts in ${conflicted.join(', ')}` });
  await finishPhase(context, 'resolve-conflict', 'ok');
  const changed = await branchChanges({ repoRoot: context.workspaceRoot, baseBranch, branch: args.branch });
  const verdict = await verifyImplementation(context, { worktree: args.worktree, env: agentEnvironment(context, { baseCommit: undefined }), changed, label: `test-conflict-${applied.record.conflictRounds}` });
  await store.transition({ storyId: story.id, event: { type: 'SUBMIT', reason: verdict.ok ? 'conflicts resolved; tests pass' : 'conflicts resolved; checks failed' } });
  if (!verdict.ok) {
    const outcome = await recordTestFailure(context, { worktree: args.worktree, findings: verdict.findings });
    if (!outcome.success) return outcome;
  }
  const reviewed = await reviewLoop(context, args.worktree);
  return reviewed.success ? undefined : reviewed;
}

/** Files among `paths` that still hold conflict markers (an agent may stage them unresolved). */
async function filesWithMarkers(worktree: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const result = await runGit({ cwd: worktree, args: ['grep', '-l', '-E', '^(<<<<<<<|>>>>>>>) ', '--', ...paths], allowFailure: true });
  return result.stdout.split('\n').filter(Boolean);
}

async function abortMerge(worktree: string): Promise<void> {
  await runGit({ cwd: worktree, args: ['merge', '--abort'], allowFailure: true });
}
