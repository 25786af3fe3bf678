/**
 * The `review` step (contract section 5): review is mandatory. The reviewer's verdict goes into
 * the story file under `## Review`; requested changes go back to the implementing agent (phase
 * `fix`), then the orchestrator's checks, then review again, up to `maxReviewRounds`. With
 * `reviewer: "human"` the step stops at Ready for Review until a person decides.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { branchChanges, commitAll } from '../git';
import type { StoryRecord } from '../lifecycle';
import { agentEnvironment, invokeAgent, invokeReviewer, pauseForUsageLimit, reviewerName } from './agent-phase';
import { failStory } from './failure';
import { clearLeftoversOfKilledRuns } from './leftovers';
import { beginPhase, finishPhase } from './phases';
import { startingPoint, type StepOptions } from './settle';
import { failed, StepResult, succeeded } from './step-result';
import { workspaceAbsolute, type StoryContext } from './story-context';
import { recordReviewRound, recordTestFailure, verifyImplementation } from './verify';

/** The message a task ends with while a person has to decide. */
export function awaitingReviewMessage(storyId: string): string {
  return `awaiting review: run \`stories approve ${storyId}\` or \`stories request-changes ${storyId} --finding "..."\``;
}

/** Runs the `review` step of one story. */
export async function reviewStep(context: StoryContext, options: StepOptions = {}): Promise<StepResult> {
  const settled = await startingPoint(context, options);
  if (settled.merged) return succeeded(`already done: ${settled.how}`);
  const record = settled.record;
  if (record.status === 'Approved') return succeeded('approved');
  if (record.status !== 'Ready for Review' && record.status !== 'Changes Requested') {
    return failed(`story ${context.story.id} is ${record.status}${record.error ? ` (${record.error.message})` : ''}; nothing to review`);
  }
  if (!record.worktree || !existsSync(workspaceAbsolute(context, record.worktree))) {
    await context.store.transition({ storyId: context.story.id, event: { type: 'RESET', reason: 'its worktree is gone; it will be implemented again' } });
    return failed('the worktree of this story is gone; run again to implement it afresh');
  }
  await context.store.claim({ storyId: context.story.id });
  try {
    await clearLeftoversOfKilledRuns(context);
    return await reviewLoop(context, workspaceAbsolute(context, record.worktree));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await failStory(context, { reason, phase: 'review' });
    return failed(`failed: ${reason}`);
  } finally {
    await context.store.release({ storyId: context.story.id });
  }
}

/**
 * Reviews, and fixes on request, until the story is Approved, Failed, paused, or (human
 * reviewer) waiting for a decision. Also used after a merge conflict was resolved.
 */
export async function reviewLoop(context: StoryContext, worktree: string): Promise<StepResult> {
  const { store, story } = context;
  for (;;) {
    const record = (await store.readStory({ storyId: story.id })) as StoryRecord;
    if (record.status === 'Approved') return succeeded('approved');
    if (record.status === 'Changes Requested') {
      const fixed = await fixRound(context, worktree, record);
      if (fixed) return fixed;
      continue;
    }
    if (record.status !== 'Ready for Review') return failed(`story ${story.id} is ${record.status}`);
    if (context.options.reviewer === 'human') {
      await store.update({ storyId: story.id, patch: { awaitingReview: true } });
      return failed(awaitingReviewMessage(story.id));
    }
    const reviewed = await reviewRound(context, worktree);
    if (reviewed) return reviewed;
  }
}

/** One review by the configured reviewer; returns a result only when the loop must stop. */
async function reviewRound(context: StoryContext, worktree: string): Promise<StepResult | undefined> {
  const { store, story } = context;
  await beginPhase(context, 'review');
  const result = await invokeReviewer(context, { worktree });
  if (result.usageLimit) {
    await finishPhase(context, 'review', 'paused', result.usageLimit.message);
    await store.update({ storyId: story.id, patch: { pausedUntil: result.usageLimit.resetAt ?? null } });
    return failed(`the reviewer hit a usage limit: ${result.usageLimit.message}`);
  }
  if (!result.ok || !result.verdict) {
    await finishPhase(context, 'review', 'failed', result.reason);
    await failStory(context, { reason: `reviewer ${reviewerName(context)} failed: ${result.reason ?? 'no verdict'}`, phase: 'review' });
    return failed(`reviewer failed: ${result.reason ?? 'no verdict'}`);
  }
  await recordReviewRound(context, { worktree, verdict: result.verdict, reviewer: reviewerName(context) });
  if (result.verdict.verdict === 'approve') {
    await finishPhase(context, 'review', 'ok');
    await store.transition({ storyId: story.id, event: { type: 'APPROVE', reason: `approved by ${reviewerName(context)}` } });
    return undefined;
  }
  await finishPhase(context, 'review', 'changes_requested');
  const findings = result.verdict.findings.length > 0 ? result.verdict.findings : ['The reviewer requested changes without findings.'];
  const applied = await store.transition({ storyId: story.id, event: { type: 'REQUEST_CHANGES', findings, reason: `changes requested by ${reviewerName(context)}` } });
  if (applied.to === 'Failed') {
    await failStory(context, { reason: applied.reason, phase: 'review' });
    return failed(applied.reason);
  }
  context.log(`changes requested (round ${applied.record.reviewRounds}): ${findings.join('; ').slice(0, 300)}`);
  return undefined;
}

/** The implementing agent addresses the findings; then the orchestrator's checks. */
async function fixRound(context: StoryContext, worktree: string, record: StoryRecord): Promise<StepResult | undefined> {
  const { store, story } = context;
  await store.transition({ storyId: story.id, event: { type: 'START_FIX', reason: `fixing ${record.findings.length} finding(s)` } });
  await beginPhase(context, 'fix');
  const findingsFile = join(await store.logDir({ storyId: story.id }), `findings-${record.reviewRounds}.md`);
  writeFileSync(findingsFile, record.findings.map((finding) => `- ${finding}`).join('\n') + '\n');
  const result = await invokeAgent(context, { phase: 'fix', worktree, findings: record.findings, findingsFile });
  if (result.usageLimit) return pauseForUsageLimit(context, result.usageLimit);
  if (!result.ok) {
    await finishPhase(context, 'fix', 'failed', result.reason);
    await failStory(context, { reason: `agent ${context.agentName} failed to fix: ${result.reason ?? 'no reason given'}`, phase: 'fix' });
    return failed(`agent failed: ${result.reason ?? ''}`);
  }
  await commitAll({ worktree, message: `story ${story.id}: address review round ${record.reviewRounds}` });
  const changed = await branchChanges({ repoRoot: context.workspaceRoot, baseBranch: context.baseBranch, branch: record.branch as string });
  const env = agentEnvironment(context, { baseCommit: undefined });
  const verdict = await verifyImplementation(context, { worktree, env, changed, label: `test-fix-${record.reviewRounds}` });
  await store.transition({ storyId: story.id, event: { type: 'SUBMIT', reason: verdict.ok ? 'fixed; tests pass' : 'fixed; checks failed' } });
  await finishPhase(context, 'fix', verdict.ok ? 'ok' : 'failed');
  if (!verdict.ok) {
    const outcome = await recordTestFailure(context, { worktree, findings: verdict.findings });
    if (!outcome.success) return outcome;
  }
  return undefined;
}
