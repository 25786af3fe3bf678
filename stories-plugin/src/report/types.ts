/**
 * View models of the progress view, the completion summary and the HTML report: plain data that
 * the command builds from the state store and the story files, so the renderers stay pure.
 */
import type { StoryStatus } from '../stories/types';

/** What every view shows of a story. */
export interface StoryView {
  /** `epic.story`, e.g. `1.10`. */
  id: string;
  title: string;
  status: StoryStatus;
  /** Why the story failed, is blocked, has changes requested or is paused, in the user's words. */
  reason?: string;
  /** For `Blocked`: the dependencies that failed or are blocked themselves. */
  blockedBy?: string[];
  /** `Ready for Review` with `reviewer: "human"`: the run waits for `stories approve|request-changes`. */
  awaitingReview?: boolean;
  /** The agent stopped on a usage limit; the story continues on the next run. */
  pausedForUsageLimit?: boolean;
}

/** A story in the live progress view. */
export interface ProgressStory extends StoryView {
  /** 1-based wave of the plan. */
  wave: number;
  /** Ticked task checkboxes in percent (see `countTaskProgress`), for stories in progress. */
  percent?: number;
}

/** Tokens and cost as far as the agent reported them; absent fields were not reported. */
export interface StoryUsage {
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

/** A story in the completion summary. */
export interface SummaryStory extends StoryView {
  /** Left out of this run by the out-of-scope decision `skip`. */
  skipped?: boolean;
  usage?: StoryUsage;
  /** ISO 8601 times of the story's first start and last update in this run. */
  startTime?: string;
  endTime?: string;
}

/** The completion summary's input. Times are ISO 8601; without them they come from the stories. */
export interface SummaryModel {
  stories: SummaryStory[];
  startTime?: string;
  endTime?: string;
}

/**
 * One phase of a story on the timeline: an Nx target (`run`, `review`, `merge`) or a finer step
 * (`fix`, `test`, `resolve-conflict`). Known names get their own colour; others a neutral one.
 */
export interface StoryPhase {
  phase: string;
  /** ISO 8601. */
  start: string;
  /** ISO 8601; absent while the phase is still running (drawn up to `generatedAt`). */
  end?: string;
}

/** A story in the HTML report. */
export interface ReportStory extends SummaryStory {
  /** 1-based wave of the plan: the graph's column. */
  wave: number;
  /** Direct dependency ids (all kinds), the graph's edges. */
  dependencies: string[];
  agent?: string;
  phases: StoryPhase[];
}

/** The HTML report's input. */
export interface ReportModel {
  /** Heading, e.g. the workspace name; defaults to "Story run report". */
  title?: string;
  /** ISO 8601 time the report was made; running phases end here. */
  generatedAt: string;
  startTime?: string;
  endTime?: string;
  /** `--parallel N`: slots drawn on the timeline even when some stayed empty. */
  parallel?: number;
  stories: ReportStory[];
}
