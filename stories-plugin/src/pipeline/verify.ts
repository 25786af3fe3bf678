/**
 * A verdict no agent can fake: after every implement, fix or conflict phase the orchestrator
 * itself checks that the branch changed and that the story's tests pass. A failed check becomes a
 * review round with the failure as findings, so the agent gets a bounded chance to fix it.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { StoriesError } from '../errors';
import { commitAll, findMergedStory } from '../git';
import type { ReviewVerdict } from '../agents/types';
import { failStory } from './failure';
import { appendReviewRound, countReviewRounds } from './review-record';
import { failed, StepResult, succeeded } from './step-result';
import type { StoryContext } from './story-context';
import { runStoryTests } from './test-command';

/** The orchestrator's own check of an implementation. */
export type Verification = { ok: true } | { ok: false; findings: string[] };

/** Checks the branch changed something and the tests pass in the worktree. */
export async function verifyImplementation(
  context: StoryContext,
  args: { worktree: string; env: Record<string, string>; changed: string[]; label: string },
): Promise<Verification> {
  // The orchestrator itself commits review rounds into the story file: those are not the agent's work.
  const changedByAgent = args.changed.filter((path) => path !== context.story.file);
  if (changedByAgent.length === 0 && !(await mergedBefore(context))) {
    return { ok: false, findings: [`The branch changes nothing against ${context.baseBranch}: the acceptance criteria are not implemented.`] };
  }
  const tests = await runStoryTests(context, { worktree: args.worktree, env: args.env, label: args.label });
  return tests.passed ? { ok: true } : { ok: false, findings: [tests.failure as string] };
}

/**
 * A story merged before for older content (it, or a dependency, was edited) may legitimately need
 * no change now; its earlier implementation is on the base already.
 */
async function mergedBefore(context: StoryContext): Promise<boolean> {
  return (await findMergedStory({ repoRoot: context.workspaceRoot, baseBranch: context.baseBranch, storyId: context.story.id })) !== undefined;
}

/** Appends a review round to the story file in the worktree and commits it. */
export async function recordReviewRound(context: StoryContext, args: { worktree: string; verdict: ReviewVerdict; reviewer: string }): Promise<void> {
  const file = storyFileInside(args.worktree, context.story.file);
  const text = readFileSync(file, 'utf8');
  const round = countReviewRounds(text) + 1;
  writeFileSync(file, appendReviewRound(text, { round, verdict: args.verdict, reviewer: args.reviewer, at: new Date().toISOString() }));
  await commitAll({ worktree: args.worktree, message: `story ${context.story.id}: review round ${round} (${args.verdict.verdict})` });
}

/**
 * The story file of the worktree, refusing one that resolves outside it: a story file committed as
 * a symbolic link to an absolute path would have the review written into that file instead.
 */
function storyFileInside(worktree: string, storyFile: string): string {
  const file = join(worktree, storyFile);
  const real = realpathSync(file);
  const root = realpathSync(worktree);
  const rel = relative(root, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new StoriesError({
      code: 'PATH_UNSAFE',
      message: `The story file ${storyFile} in ${worktree} resolves to ${real}, outside the worktree; the review is not written there.`,
      hint: 'Keep story files as regular files inside the repository.',
    });
  }
  return file;
}

/**
 * Turns a failed check of a story that is Ready for Review into a review round requesting
 * changes; when that exhausts the rounds the story fails.
 */
export async function recordTestFailure(context: StoryContext, args: { worktree: string; findings: string[] }): Promise<StepResult> {
  await recordReviewRound(context, { worktree: args.worktree, verdict: { verdict: 'changes_requested', findings: args.findings }, reviewer: 'nx-stories checks' });
  const applied = await context.store.transition({
    storyId: context.story.id,
    event: { type: 'REQUEST_CHANGES', findings: args.findings, reason: args.findings[0].split('\n')[0] },
  });
  if (applied.to === 'Failed') {
    await failStory(context, { reason: applied.reason, phase: 'test' });
    return failed(applied.reason);
  }
  return succeeded('checks failed; changes requested from the agent');
}
