/** The phase timeline of a story record (for the report's Gantt chart), opened and closed in one place. */
import type { PhaseResult, StoryPhase, StoryRecord } from '../lifecycle';
import { endPhase, startPhase } from '../state';
import type { StoryContext } from './story-context';

/** The patch that opens `phase` now. */
export function openPhase(record: StoryRecord, phase: StoryPhase) {
  return startPhase({ record, phase, now: new Date().toISOString() });
}

/** Opens `phase` in the story's record. */
export async function beginPhase(context: StoryContext, phase: StoryPhase): Promise<void> {
  await context.store.update({ storyId: context.story.id, patch: (record) => openPhase(record, phase) });
}

/** Closes the open `phase` of the story's record with its result. */
export async function finishPhase(context: StoryContext, phase: StoryPhase, result: PhaseResult, detail?: string): Promise<void> {
  await context.store.update({
    storyId: context.story.id,
    patch: (record) => endPhase({ record, phase, now: new Date().toISOString(), result, ...(detail ? { detail } : {}) }),
  });
}
