/**
 * The lifecycle's context updates: pure functions from the context and the event to the fields
 * that change. The machine wraps each one in `assign`, so they run inside xstate's pure
 * `transition` and never touch the outside world.
 */
import type {
  AlreadyMergedEvent,
  BlockEvent,
  ConflictEvent,
  FailEvent,
  LifecycleContext,
  MergeEvent,
  PauseEvent,
  RequestChangesEvent,
  StartEvent,
  StartFixEvent,
  StoryEvent,
} from './types';

/** The fields an action changes. */
export type ContextUpdate = Partial<LifecycleContext>;

/** Keeps the event's reason as the reason of the status the story enters. */
export function noteReason(event: StoryEvent): ContextUpdate {
  return { statusReason: event.reason };
}

/** A new attempt: counted, owned by the starting process, with the last attempt's leftovers cleared. */
export function beginAttempt(context: LifecycleContext, event: StartEvent): ContextUpdate {
  return {
    attempts: context.attempts + 1,
    owner: event.owner ?? null,
    error: null,
    findings: [],
    conflictPaths: [],
    pausedUntil: null,
  };
}

/** The process that picks up fix or conflict work becomes the owner (when it says who it is). */
export function takeOwnership(context: LifecycleContext, event: StartFixEvent | ConflictEvent): ContextUpdate {
  return { owner: event.owner ?? context.owner };
}

/** One more review round, whose findings go to the `fix` phase. */
export function recordFindings(context: LifecycleContext, event: RequestChangesEvent): ContextUpdate {
  return { reviewRounds: context.reviewRounds + 1, findings: [...event.findings] };
}

/** Findings quoted in a failure reason are cut here: the full text stays in `findings` and the logs. */
const QUOTED_FINDINGS_CHARS = 600;

/** The review round that reached the limit: the story fails with the count and the last findings in its reason. */
export function failReviewRoundsExhausted(context: LifecycleContext): ContextUpdate {
  const quoted = context.findings.join('; ');
  const findings = quoted.length > QUOTED_FINDINGS_CHARS ? `${quoted.slice(0, QUOTED_FINDINGS_CHARS)}...` : quoted;
  const message = `review rounds exhausted (${context.reviewRounds})${findings ? `; last findings: ${findings}` : ''}`;
  return { statusReason: message, error: { message, phase: 'review' } };
}

/** One more conflict round, whose paths go to the `resolve-conflict` phase. */
export function recordConflict(context: LifecycleContext, event: ConflictEvent): ContextUpdate {
  return { conflictRounds: context.conflictRounds + 1, conflictPaths: [...event.paths] };
}

/** The conflict that reached the limit: the story fails naming the conflicting paths. */
export function failConflictRoundsExhausted(context: LifecycleContext): ContextUpdate {
  const message = `conflict rounds exhausted (${context.conflictRounds}): ${context.conflictPaths.join(', ')}`;
  return { statusReason: message, error: { message, phase: 'merge' } };
}

/** The merge commit, when there is one. */
export function recordMerge(event: MergeEvent | AlreadyMergedEvent): ContextUpdate {
  return { mergeCommit: event.commit ?? null };
}

/** What failed and where. */
export function recordFailure(event: FailEvent): ContextUpdate {
  return { error: { message: event.reason, phase: event.phase } };
}

/** Which dependencies block the story. */
export function recordBlock(event: BlockEvent): ContextUpdate {
  return { error: { message: event.reason, blockedBy: [...event.blockedBy] } };
}

/** A usage limit: remember until when, so the scheduler does not start it again too early. */
export function recordPause(event: PauseEvent): ContextUpdate {
  return { pausedUntil: event.resetAt ?? null };
}

/** Nobody works on the story any more (it is idle, done, or its owner crashed). */
export function releaseOwner(): ContextUpdate {
  return { owner: null };
}

/** Leaving a failure behind: rounds, error and the last review's leftovers go; attempts stay counted. */
export function clearRounds(): ContextUpdate {
  return { reviewRounds: 0, conflictRounds: 0, error: null, findings: [], conflictPaths: [] };
}

/** A finished story carries no error. */
export function clearError(): ContextUpdate {
  return { error: null };
}

/** A human reviewer is only awaited while the story is Ready for Review. */
export function clearReviewWait(): ContextUpdate {
  return { awaitingReview: false };
}

/** Back to a fresh story; the limits stay as configured. */
export function resetAll(): ContextUpdate {
  return {
    attempts: 0,
    reviewRounds: 0,
    conflictRounds: 0,
    owner: null,
    error: null,
    findings: [],
    conflictPaths: [],
    mergeCommit: null,
    pausedUntil: null,
    awaitingReview: false,
  };
}
