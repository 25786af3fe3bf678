/**
 * The one state machine that decides every status change of a story (contract section 4).
 * Pure: no actors are started; callers use xstate's `initialTransition` / `transition` and
 * `snapshot.can` (see `apply-event.ts`). States are named exactly as users see the statuses.
 *
 * The owner is the process doing the current phase. Events that begin work (START, START_FIX,
 * CONFLICT) set it; hand-offs to the next phase (SUBMIT, APPROVE, REQUEST_CHANGES) and idle or
 * final statuses clear it, so the next phase's process claims a free story rather than one that
 * looks crashed.
 */
import { assertEvent, assign, setup } from 'xstate';
import * as update from './actions';
import { conflictRoundsLeft, reviewRoundsLeft } from './guards';
import {
  DEFAULT_MAX_CONFLICT_ROUNDS,
  DEFAULT_MAX_REVIEW_ROUNDS,
  LifecycleContext,
  LifecycleInput,
  StoryEvent,
} from './types';

// Every status can be reset by the user; re-entering runs the entry actions (owner released).
const reset = { target: 'Not Started', reenter: true, actions: ['resetAll', 'noteReason'] } as const;
const fail = { target: 'Failed', actions: ['noteReason', 'recordFailure'] } as const;
const recover = { actions: 'releaseOwner' } as const;
const alreadyMerged = { target: 'Merged', actions: ['noteReason', 'recordMerge'] } as const;
const retry = { target: 'Not Started', actions: ['noteReason', 'clearRounds'] } as const;
const idle = { entry: 'releaseOwner' } as const;

/** The story lifecycle machine (xstate 5); its state value is the story's status. */
export const storyMachine = setup({
  types: {} as { context: LifecycleContext; events: StoryEvent; input: LifecycleInput },
  guards: { reviewRoundsLeft, conflictRoundsLeft },
  actions: {
    noteReason: assign(({ event }) => update.noteReason(event)),
    beginAttempt: assign(({ context, event }) => {
      assertEvent(event, 'START');
      return update.beginAttempt(context, event);
    }),
    takeOwnership: assign(({ context, event }) => {
      assertEvent(event, ['START_FIX', 'CONFLICT']);
      return update.takeOwnership(context, event);
    }),
    recordFindings: assign(({ context, event }) => {
      assertEvent(event, 'REQUEST_CHANGES');
      return update.recordFindings(context, event);
    }),
    failReviewRoundsExhausted: assign(({ context }) => update.failReviewRoundsExhausted(context)),
    recordConflict: assign(({ context, event }) => {
      assertEvent(event, 'CONFLICT');
      return update.recordConflict(context, event);
    }),
    failConflictRoundsExhausted: assign(({ context }) => update.failConflictRoundsExhausted(context)),
    recordMerge: assign(({ event }) => {
      assertEvent(event, ['MERGE', 'ALREADY_MERGED']);
      return update.recordMerge(event);
    }),
    recordFailure: assign(({ event }) => {
      assertEvent(event, 'FAIL');
      return update.recordFailure(event);
    }),
    recordBlock: assign(({ event }) => {
      assertEvent(event, 'BLOCK');
      return update.recordBlock(event);
    }),
    recordPause: assign(({ event }) => {
      assertEvent(event, 'PAUSE');
      return update.recordPause(event);
    }),
    releaseOwner: assign(() => update.releaseOwner()),
    clearRounds: assign(() => update.clearRounds()),
    clearError: assign(() => update.clearError()),
    clearReviewWait: assign(() => update.clearReviewWait()),
    resetAll: assign(() => update.resetAll()),
  },
}).createMachine({
  id: 'story',
  initial: 'Not Started',
  context: ({ input }) => ({
    storyId: input.storyId,
    attempts: 0,
    reviewRounds: 0,
    maxReviewRounds: input.maxReviewRounds ?? DEFAULT_MAX_REVIEW_ROUNDS,
    conflictRounds: 0,
    maxConflictRounds: input.maxConflictRounds ?? DEFAULT_MAX_CONFLICT_ROUNDS,
    owner: null,
    error: null,
    findings: [],
    conflictPaths: [],
    mergeCommit: null,
    pausedUntil: null,
    awaitingReview: false,
    statusReason: null,
  }),
  states: {
    'Not Started': {
      ...idle,
      on: {
        START: { target: 'In Progress', actions: ['noteReason', 'beginAttempt'] },
        ALREADY_MERGED: alreadyMerged,
        NOTHING_TO_DO: { target: 'Merged', actions: 'noteReason' },
        BLOCK: { target: 'Blocked', actions: ['noteReason', 'recordBlock'] },
        RESET: reset,
      },
    },
    'In Progress': {
      on: {
        SUBMIT: { target: 'Ready for Review', actions: ['noteReason', 'releaseOwner'] },
        FAIL: fail,
        PAUSE: { target: 'Not Started', actions: ['noteReason', 'recordPause'] },
        RECOVER: recover,
        RESET: reset,
      },
    },
    'Ready for Review': {
      exit: 'clearReviewWait',
      on: {
        APPROVE: { target: 'Approved', actions: ['noteReason', 'releaseOwner'] },
        REQUEST_CHANGES: [
          { guard: 'reviewRoundsLeft', target: 'Changes Requested', actions: ['noteReason', 'recordFindings', 'releaseOwner'] },
          { target: 'Failed', actions: ['recordFindings', 'failReviewRoundsExhausted'] },
        ],
        FAIL: fail,
        RECOVER: recover,
        RESET: reset,
      },
    },
    'Changes Requested': {
      on: {
        START_FIX: { target: 'In Progress', actions: ['noteReason', 'takeOwnership'] },
        FAIL: fail,
        RECOVER: recover,
        RESET: reset,
      },
    },
    Approved: {
      on: {
        MERGE: { target: 'Merged', actions: ['noteReason', 'recordMerge'] },
        CONFLICT: [
          { guard: 'conflictRoundsLeft', target: 'In Progress', actions: ['noteReason', 'recordConflict', 'takeOwnership'] },
          { target: 'Failed', actions: ['recordConflict', 'failConflictRoundsExhausted'] },
        ],
        FAIL: fail,
        RECOVER: recover,
        RESET: reset,
      },
    },
    Merged: {
      entry: ['releaseOwner', 'clearError'],
      on: { RESET: reset },
    },
    Failed: {
      ...idle,
      on: { RETRY: retry, ALREADY_MERGED: alreadyMerged, RESET: reset },
    },
    Blocked: {
      ...idle,
      on: {
        BLOCK: { actions: ['noteReason', 'recordBlock'] },
        RETRY: retry,
        ALREADY_MERGED: alreadyMerged,
        RESET: reset,
      },
    },
  },
});

/** The machine's type, for helpers that take it. */
export type StoryMachine = typeof storyMachine;
