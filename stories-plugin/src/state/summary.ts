/**
 * `orchestration-state.json`, derived from the story records every time it is written, so it can
 * never disagree with them. Pure. It holds only what status changes, waves and review waits
 * decide, so the store need not rewrite it for every usage or timeline update.
 */
import { ACTIVE_STATUSES, STORY_STATUSES, StoryRecord, StoryStatus } from '../lifecycle';

/** The workspace-wide summary (contract section 4, plus our fields). */
export interface OrchestrationState {
  totalStories: number;
  /** Merged. */
  completed: number;
  /** In Progress, Ready for Review, Changes Requested or Approved. */
  inProgress: number;
  /** Not Started. */
  pending: number;
  failed: number;
  blocked: number;
  /** The lowest wave that still has a story to do; the last wave once all are done; null without waves. */
  currentWave: number | null;
  /** When work first began on any story. */
  startTime: string | null;
  /** Stories waiting for a human reviewer (`stories approve` / `stories request-changes`). */
  awaitingReview: string[];
  byStatus: Record<StoryStatus, number>;
  /** State files that could not be read (see `stories status`); they are counted nowhere else. */
  unreadable: string[];
}

const earliest = (values: (string | null)[]) => values.filter((v): v is string => v !== null).sort()[0] ?? null;

/** Derives the summary from every readable story record and the names of the unreadable ones. */
export function summarizeStories(args: { records: StoryRecord[]; unreadable?: string[] }): OrchestrationState {
  const { records, unreadable = [] } = args;
  const byStatus = Object.fromEntries(STORY_STATUSES.map((status) => [status, 0])) as Record<StoryStatus, number>;
  for (const record of records) byStatus[record.status] += 1;
  const waves = (statuses: readonly StoryStatus[]) =>
    records.filter((r) => statuses.includes(r.status) && r.wave !== null).map((r) => r.wave as number);
  const openWaves = waves(['Not Started', ...ACTIVE_STATUSES]);
  const allWaves = waves(STORY_STATUSES);
  return {
    totalStories: records.length,
    completed: byStatus.Merged,
    inProgress: ACTIVE_STATUSES.reduce((sum, status) => sum + byStatus[status], 0),
    pending: byStatus['Not Started'],
    failed: byStatus.Failed,
    blocked: byStatus.Blocked,
    currentWave: openWaves.length > 0 ? Math.min(...openWaves) : allWaves.length > 0 ? Math.max(...allWaves) : null,
    startTime: earliest(records.map((r) => r.startTime)),
    awaitingReview: records.filter((r) => r.awaitingReview).map((r) => r.storyId),
    byStatus,
    unreadable: [...unreadable],
  };
}
