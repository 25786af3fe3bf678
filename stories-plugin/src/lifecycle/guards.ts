/**
 * The lifecycle's guards: pure predicates over the context, wired by name into the machine.
 * The limits count events: with `maxReviewRounds` 3 the third review that asks for changes fails
 * the story (two fix rounds happen); with `maxConflictRounds` 1 the first conflict fails it.
 */
import type { LifecycleContext } from './types';

/** What a guard sees. */
export interface GuardArgs {
  context: LifecycleContext;
}

/** True while one more change request still leaves the story under its review-round limit. */
export function reviewRoundsLeft({ context }: GuardArgs): boolean {
  return context.reviewRounds + 1 < context.maxReviewRounds;
}

/** True while one more merge conflict still leaves the story under its conflict-round limit. */
export function conflictRoundsLeft({ context }: GuardArgs): boolean {
  return context.conflictRounds + 1 < context.maxConflictRounds;
}
