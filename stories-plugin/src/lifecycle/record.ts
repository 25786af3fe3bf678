/**
 * The persisted story record: our own versioned envelope around the lifecycle (schema version,
 * story id, status = the machine's state value, the context fields, revision, timestamps) plus the
 * descriptive fields the store and the reports need. xstate's internal snapshot is never persisted.
 */
import { initialTransition } from 'xstate';
import type { AgentUsage } from '../agents/types';
import { storyMachine } from './machine';
import type { LifecycleContext, StoryPhase, StoryStatus } from './types';

/** The schema version this code writes; `migrate.ts` upgrades older ones. */
export const STORY_RECORD_SCHEMA_VERSION = 1;

/** Every way a phase of the timeline can end. */
export const PHASE_RESULTS = ['ok', 'failed', 'changes_requested', 'conflict', 'paused', 'interrupted'] as const;

/** How a phase of the timeline ended. */
export type PhaseResult = (typeof PHASE_RESULTS)[number];

/** One step of the work on a story, for the report's timeline. */
export interface PhaseEntry {
  phase: StoryPhase;
  /** ISO time the phase began. */
  start: string;
  /** ISO time it ended; absent while it runs (or when its process died). */
  end?: string;
  result?: PhaseResult;
  /** A short note (`npm test exited 1`, `2 findings`). */
  detail?: string;
}

/** Tokens and cost, in total and per phase, where the agents report them. */
export interface StoryUsage extends AgentUsage {
  byPhase: Partial<Record<StoryPhase, AgentUsage>>;
}

/** Descriptive fields: what the story is and where its work lives. Never change the status. */
export interface StoryDetails {
  title: string;
  /** The agent name chosen for the story (`python-developer`, `none`). */
  agent: string | null;
  /** Workspace-relative worktree path while one exists. */
  worktree: string | null;
  /** The story branch (`story/1.2-slug`); kept after a failure. */
  branch: string | null;
  dependencies: string[];
  /** Hash of the story's content and its dependencies' (the merge trailer `Story-Hash`). */
  storyHash: string | null;
  /** The wave of the plan the story belongs to (1-based). */
  wave: number | null;
  usage: StoryUsage;
  phases: PhaseEntry[];
}

/** The story record, version 1: what `.agent-orchestration/story-<id>.json` holds. */
export interface StoryRecord extends LifecycleContext, StoryDetails {
  schemaVersion: typeof STORY_RECORD_SCHEMA_VERSION;
  status: StoryStatus;
  /** Increases by one with every write, so lost updates are detectable. */
  revision: number;
  createdAt: string;
  /** When work first began (first START since creation or RESET); null before. */
  startTime: string | null;
  /** When the current status was entered. */
  statusSince: string;
  lastUpdate: string;
}

/** The record keys that are the machine's context, in a fixed order. */
export const LIFECYCLE_CONTEXT_KEYS: readonly (keyof LifecycleContext)[] = [
  'storyId',
  'attempts',
  'reviewRounds',
  'maxReviewRounds',
  'conflictRounds',
  'maxConflictRounds',
  'owner',
  'error',
  'findings',
  'conflictPaths',
  'mergeCommit',
  'pausedUntil',
  'awaitingReview',
  'statusReason',
];

/** Usage of a story that no agent has worked on yet. */
export function emptyUsage(): StoryUsage {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, byPhase: {} };
}

/** A fresh, Not Started record (revision 0: not written yet), built by the machine's initial transition. */
export function createStoryRecord(args: {
  storyId: string;
  now: string;
  details?: Partial<StoryDetails>;
  maxReviewRounds?: number;
  maxConflictRounds?: number;
}): StoryRecord {
  const { storyId, now, details = {}, maxReviewRounds, maxConflictRounds } = args;
  const [snapshot] = initialTransition(storyMachine, { storyId, maxReviewRounds, maxConflictRounds });
  return {
    schemaVersion: STORY_RECORD_SCHEMA_VERSION,
    status: snapshot.value,
    revision: 0,
    createdAt: now,
    startTime: null,
    statusSince: now,
    lastUpdate: now,
    ...snapshot.context,
    title: details.title ?? '',
    agent: details.agent ?? null,
    worktree: details.worktree ?? null,
    branch: details.branch ?? null,
    dependencies: [...(details.dependencies ?? [])],
    storyHash: details.storyHash ?? null,
    wave: details.wave ?? null,
    usage: details.usage ?? emptyUsage(),
    phases: [...(details.phases ?? [])],
  };
}

/** The machine context held in a record. */
export function contextOf(record: StoryRecord): LifecycleContext {
  const context: Partial<Record<keyof LifecycleContext, unknown>> = {};
  for (const key of LIFECYCLE_CONTEXT_KEYS) context[key] = record[key];
  return context as LifecycleContext;
}
