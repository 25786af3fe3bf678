/**
 * The vocabulary of a story's lifecycle (contract section 4): its statuses, the events that move
 * it, and the context the machine keeps. Pure types and constants only.
 */
import type { StoryStatus } from '../stories/types';

export type { StoryStatus };

/** Every status, in the order a story normally passes through them (reports list them so). */
export const STORY_STATUSES: readonly StoryStatus[] = [
  'Not Started',
  'In Progress',
  'Ready for Review',
  'Changes Requested',
  'Approved',
  'Merged',
  'Failed',
  'Blocked',
];

/** Statuses in which some process is (or was, if it crashed) working on the story. */
export const ACTIVE_STATUSES: readonly StoryStatus[] = ['In Progress', 'Ready for Review', 'Changes Requested', 'Approved'];

/** A step of the work on a story, as the report's timeline and failure messages name it. */
export type StoryPhase = 'run' | 'review' | 'merge' | 'fix' | 'resolve-conflict' | 'test';

/** Every phase name, for validating input. */
export const STORY_PHASES: readonly StoryPhase[] = ['run', 'review', 'merge', 'fix', 'resolve-conflict', 'test'];

/** The process working on a story; enough to tell later, from another process, whether it still runs. */
export interface StoryOwner {
  pid: number;
  hostname: string;
  /** Kernel start time of the process (see `lock/owner.ts`), guards against pid reuse. */
  processStart?: string;
  /** When this process took the story. */
  since: string;
}

/** Why a story is Failed or Blocked. */
export interface StoryErrorInfo {
  /** What went wrong, as a user reads it (`tests failed: npm test exited 1`). */
  message: string;
  /** Where it went wrong. */
  phase?: StoryPhase;
  /** For Blocked: the dependency ids that failed or are blocked themselves. */
  blockedBy?: string[];
}

/** What the lifecycle machine remembers besides the status; persisted field by field in the record. */
export interface LifecycleContext {
  storyId: string;
  /** How many times work on the story was started (START). */
  attempts: number;
  /** Reviews of the current attempt that requested changes. */
  reviewRounds: number;
  /** The REQUEST_CHANGES that would make `reviewRounds` reach this fails the story instead. */
  maxReviewRounds: number;
  /** Merge conflicts handed to the agent in the current attempt. */
  conflictRounds: number;
  /** The CONFLICT that would make `conflictRounds` reach this fails the story instead. */
  maxConflictRounds: number;
  /** The process working on the story now; null when nobody is. */
  owner: StoryOwner | null;
  /** Set while Failed or Blocked. */
  error: StoryErrorInfo | null;
  /** The last review's findings, handed to the `fix` phase. */
  findings: string[];
  /** The paths of the last merge conflict, handed to the `resolve-conflict` phase. */
  conflictPaths: string[];
  /** The merge commit on the base branch, once Merged (null for stories with nothing to merge). */
  mergeCommit: string | null;
  /** A usage limit paused the story until this time (ISO), when the agent said. */
  pausedUntil: string | null;
  /** Ready for Review and waiting for a human reviewer (`reviewer: "human"`). */
  awaitingReview: boolean;
  /** The reason given with the last status change. */
  statusReason: string | null;
}

/** Fields every event carries: the text history and status reports show for it. */
interface EventBase {
  reason: string;
}

/** Work starts: Not Started -> In Progress; counts an attempt. */
export interface StartEvent extends EventBase {
  type: 'START';
  /** The process that does the work; the store fills in the calling process when omitted. */
  owner?: StoryOwner;
}
/** Implementation committed and tests passed: In Progress -> Ready for Review. */
export interface SubmitEvent extends EventBase {
  type: 'SUBMIT';
}
/** The reviewer approved: Ready for Review -> Approved. */
export interface ApproveEvent extends EventBase {
  type: 'APPROVE';
}
/** The reviewer wants changes: Ready for Review -> Changes Requested, or Failed at the round limit. */
export interface RequestChangesEvent extends EventBase {
  type: 'REQUEST_CHANGES';
  findings: string[];
}
/** The agent starts on the findings: Changes Requested -> In Progress. */
export interface StartFixEvent extends EventBase {
  type: 'START_FIX';
  owner?: StoryOwner;
}
/** The base moved and the branch conflicts: Approved -> In Progress (agent resolves), or Failed at the limit. */
export interface ConflictEvent extends EventBase {
  type: 'CONFLICT';
  paths: string[];
  owner?: StoryOwner;
}
/** Merged into the base branch: Approved -> Merged. */
export interface MergeEvent extends EventBase {
  type: 'MERGE';
  commit: string;
}
/** Git history or the story file says it is done: Not Started, Failed, Blocked -> Merged. */
export interface AlreadyMergedEvent extends EventBase {
  type: 'ALREADY_MERGED';
  commit?: string;
}
/** A documentation-only story (agent `none`): Not Started -> Merged. */
export interface NothingToDoEvent extends EventBase {
  type: 'NOTHING_TO_DO';
}
/** Work failed: any active status -> Failed. */
export interface FailEvent extends EventBase {
  type: 'FAIL';
  phase: StoryPhase;
}
/** A dependency failed: Not Started, Blocked -> Blocked. */
export interface BlockEvent extends EventBase {
  type: 'BLOCK';
  blockedBy: string[];
}
/** Try again: Failed, Blocked -> Not Started; keeps the attempt count, clears the rounds. */
export interface RetryEvent extends EventBase {
  type: 'RETRY';
}
/** Start over from scratch: any status -> Not Started; clears counts, rounds, error, merge commit. */
export interface ResetEvent extends EventBase {
  type: 'RESET';
}
/** A usage limit stopped the agent (not a failure): In Progress -> Not Started. */
export interface PauseEvent extends EventBase {
  type: 'PAUSE';
  /** When the limit resets, if the agent said. */
  resetAt?: string;
}
/** The owning process is gone: an active status stays, its owner is cleared so work can resume. */
export interface RecoverEvent extends EventBase {
  type: 'RECOVER';
}

/** Every event the lifecycle machine understands. */
export type StoryEvent =
  | StartEvent
  | SubmitEvent
  | ApproveEvent
  | RequestChangesEvent
  | StartFixEvent
  | ConflictEvent
  | MergeEvent
  | AlreadyMergedEvent
  | NothingToDoEvent
  | FailEvent
  | BlockEvent
  | RetryEvent
  | ResetEvent
  | PauseEvent
  | RecoverEvent;

/** The event names. */
export type StoryEventType = StoryEvent['type'];

/** Every event name, in the order error messages list them. */
export const STORY_EVENT_TYPES: readonly StoryEventType[] = [
  'START',
  'SUBMIT',
  'APPROVE',
  'REQUEST_CHANGES',
  'START_FIX',
  'CONFLICT',
  'MERGE',
  'ALREADY_MERGED',
  'NOTHING_TO_DO',
  'FAIL',
  'BLOCK',
  'RETRY',
  'RESET',
  'PAUSE',
  'RECOVER',
];

/** What the machine needs to begin a story's life. */
export interface LifecycleInput {
  storyId: string;
  maxReviewRounds?: number;
  maxConflictRounds?: number;
}

/** Review rounds when the plugin options name none (contract section 5). */
export const DEFAULT_MAX_REVIEW_ROUNDS = 3;
/** Conflict rounds when none are configured: two resolution attempts, the third conflict fails. */
export const DEFAULT_MAX_CONFLICT_ROUNDS = 3;
