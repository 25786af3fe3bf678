/**
 * A person's review verdict (`reviewer: "human"`): checked against the story's state, appended to
 * the story file's `## Review` section in its worktree and committed there, then applied as the
 * lifecycle event. The next `stories implement` / `nx run-many -t implement` goes on from there.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ReviewVerdict } from '../agents/types';
import { StoriesError } from '../errors';
import { assertInsideWorktrees, commitAll, runGit } from '../git';
import type { AppliedEvent } from '../lifecycle';
import { blockDependents, cleanUpAfterFailure } from '../pipeline/failure';
import { appendReviewRound, countReviewRounds } from '../pipeline/review-record';
import { loadStoryContext } from '../pipeline/story-context';
import type { CliWorkspace } from './workspace';

/** What recording the verdict did. */
export interface HumanVerdictResult {
  applied: AppliedEvent;
  round: number;
  /** The commit on the story branch that holds the round. */
  commit: string | null;
}

/** Records `verdict` on story `id`; refuses unless the story is Ready for Review and awaiting a person. */
export async function recordHumanVerdict(args: { workspace: CliWorkspace; id: string; verdict: ReviewVerdict }): Promise<HumanVerdictResult> {
  const { workspace, id, verdict } = args;
  const story = workspace.graph.byId.get(id);
  const record = await workspace.store.readStory({ storyId: id });
  const command = verdict.verdict === 'approve' ? 'approve' : 'request-changes';
  if (!story || record?.status !== 'Ready for Review' || !record.awaitingReview) {
    const human = workspace.options.reviewer === 'human';
    throw new StoriesError({
      code: 'ILLEGAL_TRANSITION',
      message: `Story ${id} is ${record?.status ?? 'Not Started'}${record?.status === 'Ready for Review' ? ' but not waiting for a person' : ''}: \`stories ${command}\` needs a story awaiting review.`,
      hint: human ? '`stories status` lists the stories awaiting review.' : 'Human review is for workspaces whose plugin options say "reviewer": "human"; here an agent reviews.',
    });
  }
  const worktree = existingWorktree(workspace, record.worktree);
  if (!worktree) {
    throw new StoriesError({
      code: 'GIT_FAILED',
      message: `The worktree of story ${id} (${record.worktree ?? 'none recorded'}) is gone, so there is nothing to review.`,
      hint: `\`stories reset ${id}\` and \`stories implement ${id}\` implement it afresh.`,
    });
  }
  const file = join(worktree, story.file);
  if (!existsSync(file)) {
    throw new StoriesError({
      code: 'STORY_INVALID',
      message: `${story.file} is missing in the worktree of story ${id} (${record.worktree}); the review round has nowhere to go. Nothing was changed.`,
      hint: `Restore the file on branch ${record.branch ?? 'of the story'}, or \`stories reset ${id}\` to implement the story afresh.`,
    });
  }
  const text = readFileSync(file, 'utf8');
  const round = countReviewRounds(text) + 1;
  writeFileSync(file, appendReviewRound(text, { round, verdict, reviewer: await reviewerName(workspace.root), at: new Date().toISOString() }));
  const commit = await commitAll({ worktree, message: `story ${id}: review round ${round} (${verdict.verdict}, human)` });
  const applied = await workspace.store.transition({
    storyId: id,
    event:
      verdict.verdict === 'approve'
        ? { type: 'APPROVE', reason: 'approved with `stories approve`' }
        : { type: 'REQUEST_CHANGES', findings: verdict.findings, reason: `changes requested with \`stories request-changes\` (${verdict.findings.length} finding(s))` },
  });
  if (applied.to === 'Failed') await failAfterLastRound(workspace, id);
  return { applied, round, commit };
}

/** The worktree of a record, when it still exists inside `.worktrees/`. */
function existingWorktree(workspace: CliWorkspace, worktree: string | null): string | undefined {
  if (!worktree) return undefined;
  const path = assertInsideWorktrees({ repoRoot: workspace.root, path: isAbsolute(worktree) ? worktree : join(workspace.root, worktree) });
  return existsSync(path) ? path : undefined;
}

/** Requested changes used up the review rounds: clean up and block dependents as any failure does. */
async function failAfterLastRound(workspace: CliWorkspace, id: string): Promise<void> {
  const context = await loadStoryContext({ workspaceRoot: workspace.root, storyId: id, storyHash: workspace.graph.storyHashes.get(id) as string });
  await cleanUpAfterFailure(context);
  await blockDependents(context);
}

/** `human (Ada Lovelace)` from git's user.name, else `human`. */
async function reviewerName(root: string): Promise<string> {
  const result = await runGit({ cwd: root, args: ['config', 'user.name'], allowFailure: true });
  const name = result.exitCode === 0 ? result.stdout.trim() : '';
  return name ? `human (${name})` : 'human';
}
