/**
 * Changes to a story's non-status fields (where its work lives, usage, the phase timeline), and
 * helpers that build the common ones. Pure. Status and lifecycle counters change only through
 * `applyEvent`; a patch that tries to touch them is refused.
 */
import type { AgentUsage } from '../agents/types';
import { StoriesError } from '../errors';
import { PhaseEntry, PhaseResult, StoryPhase, StoryRecord } from '../lifecycle';

/** The fields a patch may set. */
export const PATCHABLE_FIELDS = [
  'title',
  'agent',
  'worktree',
  'branch',
  'dependencies',
  'storyHash',
  'wave',
  'usage',
  'phases',
  'awaitingReview',
  'pausedUntil',
  'maxReviewRounds',
  'maxConflictRounds',
] as const;

/** A change to non-status fields of a story record. */
export type StoryPatch = Partial<Pick<StoryRecord, (typeof PATCHABLE_FIELDS)[number]>>;

/** Returns `record` with `patch` applied (not yet stamped with a new revision). */
export function applyPatch(args: { record: StoryRecord; patch: StoryPatch }): StoryRecord {
  const { record, patch } = args;
  const refused = Object.keys(patch).filter((key) => !(PATCHABLE_FIELDS as readonly string[]).includes(key));
  const problem =
    refused.length > 0
      ? `${refused.join(', ')} can only change through a lifecycle event (patchable: ${PATCHABLE_FIELDS.join(', ')})`
      : patch.awaitingReview === true && record.status !== 'Ready for Review'
        ? `it is ${record.status}; only a story Ready for Review can await a reviewer`
        : undefined;
  if (problem) {
    throw new StoriesError({ code: 'ILLEGAL_TRANSITION', message: `story ${record.storyId}: refusing the update: ${problem}` });
  }
  return { ...record, ...patch };
}

/** Adds one agent invocation's usage to the story's totals and to its phase. */
export function addUsage(args: { record: StoryRecord; phase: StoryPhase; usage: AgentUsage }): StoryPatch {
  const { record, phase, usage } = args;
  const add = (a: AgentUsage | undefined): AgentUsage => ({
    inputTokens: (a?.inputTokens ?? 0) + usage.inputTokens,
    outputTokens: (a?.outputTokens ?? 0) + usage.outputTokens,
    costUsd: (a?.costUsd ?? 0) + usage.costUsd,
  });
  const { byPhase, ...total } = record.usage;
  return { usage: { ...add(total), byPhase: { ...byPhase, [phase]: add(byPhase[phase]) } } };
}

/** Opens a phase on the timeline. */
export function startPhase(args: { record: StoryRecord; phase: StoryPhase; now: string }): StoryPatch {
  return { phases: [...args.record.phases, { phase: args.phase, start: args.now }] };
}

/** Closes the latest open entry of `phase` (or records a closed one when none is open). */
export function endPhase(args: {
  record: StoryRecord;
  phase: StoryPhase;
  now: string;
  result: PhaseResult;
  detail?: string;
}): StoryPatch {
  const { record, phase, now, result, detail } = args;
  const phases = [...record.phases];
  const open = phases.map((entry) => entry.phase === phase && entry.end === undefined).lastIndexOf(true);
  const closed: PhaseEntry = { ...(open >= 0 ? phases[open] : { phase, start: now }), end: now, result, ...(detail ? { detail } : {}) };
  if (open >= 0) phases[open] = closed;
  else phases.push(closed);
  return { phases };
}

/** Marks every open phase as interrupted (its process died). */
export function interruptOpenPhases(args: { record: StoryRecord; now: string }): StoryPatch {
  return {
    phases: args.record.phases.map((entry) => (entry.end === undefined ? { ...entry, end: args.now, result: 'interrupted' } : entry)),
  };
}
