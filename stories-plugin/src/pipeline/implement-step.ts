/**
 * The `implement` step: everything happened in `run`, `review` and `merge` (its `dependsOn`);
 * it only confirms the story is merged for its current content, so a cache hit of `implement`
 * always means "merged".
 */
import { settleStory } from './settle';
import { failed, StepResult, succeeded } from './step-result';
import type { StoryContext } from './story-context';

/** Runs the `implement` step of one story. */
export async function implementStep(context: StoryContext): Promise<StepResult> {
  const settled = await settleStory(context);
  if (settled.merged) return succeeded(`done: ${settled.how}`);
  const { record } = settled;
  return failed(`story ${context.story.id} is ${record.status}${record.error ? `: ${record.error.message}` : ''}`);
}
