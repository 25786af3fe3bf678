/**
 * The `implement` step: run, review and merge of one story in one process (contract section 3,
 * changed on purpose: `implement` depends on its dependencies' `implement`, not on its own `merge`
 * task, so a story costs one Nx task instead of four). A story already merged for its current
 * content succeeds at once, so a cache hit of `implement` always means "merged".
 */
import { mergeStep } from './merge-step';
import { reviewStep } from './review-step';
import { runStep } from './run-step';
import { settleStory } from './settle';
import { failed, StepResult, succeeded } from './step-result';
import type { StoryContext } from './story-context';

const STEPS = [
  ['run', runStep],
  ['review', reviewStep],
  ['merge', mergeStep],
] as const;

/** Runs the `implement` step of one story. */
export async function implementStep(context: StoryContext): Promise<StepResult> {
  const settled = await settleStory(context);
  if (settled.merged) return succeeded(`done: ${settled.how}`);
  for (const [name, step] of STEPS) {
    const result = await step(context, { settled: true });
    context.log(`${name}: ${result.message}`);
    const record = await context.store.readStory({ storyId: context.story.id });
    if (!result.success) return failed(`story ${context.story.id} is ${record?.status ?? 'Not Started'}: ${record?.error?.message ?? result.message}`);
    // A documentation-only story (agent none) is Merged by its run step: nothing to review or merge.
    if (record?.status === 'Merged') return succeeded(result.message);
  }
  return succeeded('merged');
}
