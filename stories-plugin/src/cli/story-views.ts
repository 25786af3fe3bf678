/**
 * The view models of the progress view, the summary and the report, built from the stories and
 * their state records. Pure: the caller reads the records and the task percentages.
 */
import type { StoryRecord } from '../lifecycle';
import type { StoryDependency } from '../graph/types';
import { layerByWave } from '../graph/order';
import type { ProgressStory, ReportStory, StoryView, SummaryStory } from '../report/types';
import type { Story, StoryStatus } from '../stories/types';

/** Where a shown status comes from: the state store, the story file, or neither (Not Started). */
export type StatusSource = 'state' | 'file' | 'default';

/** The status a story shows: its state record's, else its file's, else Not Started. */
export function storyStatus(args: { story?: Pick<Story, 'status'>; record?: StoryRecord }): { status: StoryStatus; source: StatusSource } {
  if (args.record) return { status: args.record.status, source: 'state' };
  if (args.story?.status) return { status: args.story.status, source: 'file' };
  return { status: 'Not Started', source: 'default' };
}

/** What every view shows of one story. */
export function storyView(args: { id: string; story?: Pick<Story, 'title' | 'status'>; record?: StoryRecord }): StoryView {
  const { id, story, record } = args;
  const { status } = storyStatus({ story, record });
  const view: StoryView = { id, title: story?.title ?? record?.title ?? id, status };
  if (!record) return view;
  const reason = record.error?.message ?? (status === 'Changes Requested' ? record.statusReason ?? undefined : undefined);
  if (reason) view.reason = reason;
  if (status === 'Blocked' && record.error?.blockedBy?.length) view.blockedBy = [...record.error.blockedBy];
  if (status === 'Ready for Review' && record.awaitingReview) view.awaitingReview = true;
  if (status === 'Not Started' && record.pausedUntil) {
    view.pausedForUsageLimit = true;
    view.reason = `until ${record.pausedUntil}`;
  }
  return view;
}

/**
 * Waves of the chosen stories among themselves (1-based): dependencies outside them are taken as
 * done, since a run only starts once they are merged or left out.
 */
export function scopeWaves(args: { ids: readonly string[]; dependencies: ReadonlyMap<string, readonly StoryDependency[]> }): Map<string, number> {
  const chosen = new Set(args.ids);
  const inside = new Map(args.ids.map((id) => [id, (args.dependencies.get(id) ?? []).filter((dependency) => chosen.has(dependency.id))]));
  return new Map(layerByWave(inside).flatMap((ids, index) => ids.map((id) => [id, index + 1] as const)));
}

/** The progress view's stories: each with its wave and, when in progress, its ticked tasks in percent. */
export function progressStories(args: {
  ids: readonly string[];
  stories: ReadonlyMap<string, Story>;
  records: ReadonlyMap<string, StoryRecord>;
  waves: ReadonlyMap<string, number>;
  percents?: ReadonlyMap<string, number>;
}): ProgressStory[] {
  return args.ids.map((id) => {
    const record = args.records.get(id);
    const view = storyView({ id, story: args.stories.get(id), record });
    const wave = args.waves.get(id) ?? record?.wave ?? 1;
    const percent = view.status === 'In Progress' ? args.percents?.get(id) : undefined;
    return { ...view, wave, ...(percent !== undefined ? { percent } : {}) };
  });
}

/** Phases that began at or after `since` (ISO); all of them without `since`. */
function phasesSince(record: StoryRecord | undefined, since: string | undefined): StoryRecord['phases'] {
  if (!record) return [];
  const from = since === undefined ? -Infinity : Date.parse(since);
  return record.phases.filter((phase) => Date.parse(phase.start) >= from);
}

/**
 * The summary's stories. `skipped` ones were left out by the out-of-scope decision; times and
 * usage count only what happened since `runStart` (a story merged earlier did not run now).
 */
export function summaryStories(args: {
  ids: readonly string[];
  skipped?: readonly string[];
  stories: ReadonlyMap<string, Story>;
  records: ReadonlyMap<string, StoryRecord>;
  runStart?: string;
}): SummaryStory[] {
  const skipped = new Set(args.skipped ?? []);
  return args.ids.map((id) => {
    const record = args.records.get(id);
    const view: SummaryStory = storyView({ id, story: args.stories.get(id), record });
    if (skipped.has(id)) {
      view.skipped = true;
      view.reason ??= 'a dependency is out of scope and not merged';
    }
    const phases = phasesSince(record, args.runStart);
    if (record && phases.length > 0) {
      view.startTime = phases.map((phase) => phase.start).sort()[0];
      const ends = phases.map((phase) => phase.end).filter((end): end is string => end !== undefined).sort();
      view.endTime = ends[ends.length - 1] ?? record.lastUpdate;
      const { inputTokens, outputTokens, costUsd } = record.usage;
      if (inputTokens > 0 || outputTokens > 0 || costUsd > 0) view.usage = { inputTokens, outputTokens, costUsd };
    }
    return view;
  });
}

/** The report's stories: the summary's, with waves, dependencies, agent and the phases of this run. */
export function reportStories(args: {
  ids: readonly string[];
  skipped?: readonly string[];
  stories: ReadonlyMap<string, Story>;
  records: ReadonlyMap<string, StoryRecord>;
  dependencies: ReadonlyMap<string, readonly StoryDependency[]>;
  waves: ReadonlyMap<string, number>;
  runStart?: string;
}): ReportStory[] {
  return summaryStories(args).map((story) => {
    const record = args.records.get(story.id);
    return {
      ...story,
      wave: args.waves.get(story.id) ?? 1,
      dependencies: (args.dependencies.get(story.id) ?? []).map((dependency) => dependency.id),
      ...(record?.agent ? { agent: record.agent } : {}),
      phases: phasesSince(record, args.runStart).map((phase) => ({ phase: phase.phase, start: phase.start, ...(phase.end ? { end: phase.end } : {}) })),
    };
  });
}
