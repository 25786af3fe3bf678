/** Small stories, records and dependency maps for the CLI's unit tests. */
import { createStoryRecord, type StoryRecord } from '../../lifecycle';
import type { DependencyKind, StoryDependency } from '../../graph/types';
import type { Story } from '../../stories/types';

/** A parsed story with only what the views read. */
export function story(id: string, title: string, more: Partial<Story> = {}): Story {
  const [epic, number] = id.split('.').map(Number);
  return { id, epic, number, epicName: String(epic), title, slug: title.toLowerCase(), dependencies: [], acceptanceCriteria: [], file: `docs/stories/${id}.md`, contentHash: 'x', lines: {}, ...more };
}

/** A state record, Not Started unless `fields` say otherwise. */
export function record(id: string, fields: Partial<StoryRecord> = {}): StoryRecord {
  return { ...createStoryRecord({ storyId: id, now: '2024-05-01T10:00:00.000Z' }), ...fields };
}

/** `{ '1.2': ['1.1'] }` as the graph's dependency map. */
export function dependencyMap(entries: Record<string, string[]>, kind: DependencyKind = 'explicit'): Map<string, StoryDependency[]> {
  return new Map(Object.entries(entries).map(([id, ids]) => [id, ids.map((dependency) => ({ id: dependency, kind }))]));
}
