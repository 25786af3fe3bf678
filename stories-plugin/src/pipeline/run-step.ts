/**
 * The `run` step (contract section 5): a fresh worktree from the base branch, the agent's
 * implementation, a commit, a check that the branch changed, the story's tests. It ends with the
 * story Ready for Review, or Changes Requested when the tests fail (the review step's fix loop
 * then takes over), or Failed.
 */
import { existsSync } from 'node:fs';
import { branchChanges, createStoryWorktree, reuseOrCreateStoryWorktree, commitAll } from '../git';
import { isOrphaned } from '../state';
import type { StoryRecord } from '../lifecycle';
import { agentEnvironment, checkAgentAvailable, invokeAgent, pauseForUsageLimit } from './agent-phase';
import { unmergedDependencies } from './dependencies';
import { failStory } from './failure';
import { clearLeftoversOfKilledRuns } from './leftovers';
import { startingPoint, storyDetails, type StepOptions } from './settle';
import { failed, StepResult, succeeded } from './step-result';
import { workspaceAbsolute, workspaceRelative, type StoryContext } from './story-context';
import { recordTestFailure, verifyImplementation } from './verify';
import { prepareWorktree } from './worktree-bootstrap';
import { finishPhase, openPhase } from './phases';

/** Runs the `run` step of one story. */
export async function runStep(context: StoryContext, options: StepOptions = {}): Promise<StepResult> {
  const settled = await startingPoint(context, options);
  if (settled.merged) return succeeded(`already done: ${settled.how}`);
  const { store, story } = context;
  let record = settled.record;

  if (record.status === 'Failed' || record.status === 'Blocked') {
    await store.transition({ storyId: story.id, event: { type: 'RETRY', reason: `a new run (was ${record.status}: ${record.error?.message ?? ''})` } });
    record = (await store.readStory({ storyId: story.id })) as StoryRecord;
  }
  if (record.status !== 'Not Started' && record.status !== 'In Progress') {
    const worktreeIntact = record.worktree !== null && existsSync(workspaceAbsolute(context, record.worktree));
    if (record.storyHash === context.storyHash && worktreeIntact) return succeeded(`implemented earlier; the story is ${record.status}`);
    await store.transition({ storyId: story.id, event: { type: 'RESET', reason: 'its implementation is gone or out of date' } });
    record = (await store.readStory({ storyId: story.id })) as StoryRecord;
  }
  if (record.pausedUntil && Date.parse(record.pausedUntil) > Date.now()) {
    return failed(`paused by a usage limit until ${record.pausedUntil}; run again after that`);
  }

  const missing = await unmergedDependencies(context);
  if (missing.blockedBy.length > 0) {
    await store.transition({ storyId: story.id, event: { type: 'BLOCK', blockedBy: missing.blockedBy, reason: `dependencies failed: ${missing.blockedBy.join(', ')}` } });
    return failed(`blocked by ${missing.blockedBy.join(', ')}`);
  }
  if (missing.pending.length > 0) {
    return failed(`dependencies not merged yet: ${missing.pending.join(', ')} (run them first, e.g. nx run-many -t implement)`);
  }

  if (context.agentName === 'none') {
    await store.transition({ storyId: story.id, event: { type: 'NOTHING_TO_DO', reason: 'documentation only (agent none): nothing to implement' } });
    return succeeded('documentation only: nothing to implement');
  }
  const availability = await checkAgentAvailable(context);
  if (!availability.available) return failed(availability.hint ?? `the agent ${context.agentName} cannot run here`);

  const recovering = record.status === 'In Progress';
  if (recovering) {
    if (!isOrphaned(record) && record.owner) return failed(`another process (pid ${record.owner.pid}) is working on story ${story.id}`);
    await store.claim({ storyId: story.id });
  } else {
    await store.transition({ storyId: story.id, event: { type: 'START', reason: `implementing with ${context.agentName}` } });
  }
  try {
    await clearLeftoversOfKilledRuns(context);
    return await implement(context, recovering);
  } catch (error) {
    await failStory(context, { reason: error instanceof Error ? error.message : String(error), phase: 'run' });
    return failed(`failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await store.release({ storyId: story.id });
  }
}

async function implement(context: StoryContext, recovering: boolean): Promise<StepResult> {
  const { store, story, workspaceRoot, baseBranch } = context;
  const worktreeArgs = { repoRoot: workspaceRoot, baseBranch, storyId: story.id, slug: story.slug, agent: context.agentName, now: new Date() };
  const worktree = recovering ? await reuseOrCreateStoryWorktree(worktreeArgs) : await createStoryWorktree(worktreeArgs);
  if (worktree.previousAttempt) context.log(`the branch of an earlier attempt is kept: ${JSON.stringify(worktree.previousAttempt)}`);
  context.log(`worktree ${workspaceRelative(context, worktree.path)} on ${worktree.branch}`);
  await store.update({
    storyId: story.id,
    patch: (current) => ({ ...storyDetails(context), worktree: workspaceRelative(context, worktree.path), branch: worktree.branch, ...openPhase(current, 'run') }),
  });
  const env = agentEnvironment(context, { baseCommit: worktree.baseCommit });
  const prepared = await prepareWorktree(context, { worktree: worktree.path, env });
  if (!prepared.ok) {
    await failStory(context, { reason: prepared.reason, phase: 'run' });
    return failed(prepared.reason);
  }

  const result = await invokeAgent(context, { phase: 'implement', worktree: worktree.path, baseCommit: worktree.baseCommit });
  if (result.usageLimit) return pauseForUsageLimit(context, result.usageLimit);
  if (!result.ok) {
    await commitAll({ worktree: worktree.path, message: `story ${story.id}: work left by a failed agent run` });
    await failStory(context, { reason: `agent ${context.agentName} failed: ${result.reason ?? 'no reason given'}`, phase: 'run' });
    return failed(`agent failed: ${result.reason ?? ''}`);
  }
  await commitAll({ worktree: worktree.path, message: `story ${story.id}: ${story.title}\n\nImplemented by ${context.agentName} (nx-stories).` });
  const changed = await branchChanges({ repoRoot: workspaceRoot, baseBranch, branch: worktree.branch });
  const verdict = await verifyImplementation(context, { worktree: worktree.path, env, changed, label: 'test-run' });
  await store.transition({ storyId: story.id, event: { type: 'SUBMIT', reason: verdict.ok ? 'implemented; tests pass' : 'implemented; checks failed' } });
  await finishPhase(context, 'run', verdict.ok ? 'ok' : 'failed');
  if (!verdict.ok) return recordTestFailure(context, { worktree: worktree.path, findings: verdict.findings });
  return succeeded(`implemented by ${context.agentName}; ready for review`);
}

