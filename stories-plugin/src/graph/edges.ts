/**
 * The edges of the story graph and the problems in them: duplicate ids, unknown and self
 * dependencies. Each edge knows why it exists (explicit, foundation, same-epic order).
 */
import { editDistance } from '../config/did-you-mean';
import type { Problem } from '../errors';
import { compareStoryIds } from '../stories/ids';
import type { Story } from '../stories/types';
import type { DependencyKind, GraphOptions, StoryDependency } from './types';

/** The first story of each id (by file path), and a problem naming both files for every other. */
export function dropDuplicateIds(stories: readonly Story[]): { stories: Story[]; problems: Problem[] } {
  const byId = new Map<string, Story>();
  const problems: Problem[] = [];
  const byFile = [...stories].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const story of byFile) {
    const first = byId.get(story.id);
    if (!first) {
      byId.set(story.id, story);
      continue;
    }
    problems.push({
      file: story.file,
      line: story.lines.id,
      message: `duplicate id ${story.id}: ${first.file} and ${story.file}`,
      expected: 'one file per story id; rename or merge one of them',
    });
  }
  return { stories: [...byId.values()].sort((a, b) => compareStoryIds(a.id, b.id)), problems };
}

/**
 * Direct dependencies of every story (explicit, then foundation, then same-epic order), without
 * the unknown and self dependencies, which are returned as problems. `stories` must be unique ids
 * in id order (as `dropDuplicateIds` returns them).
 */
export function collectDependencies(args: { stories: readonly Story[]; options: GraphOptions }): {
  dependencies: Map<string, StoryDependency[]>;
  problems: Problem[];
} {
  const { stories, options } = args;
  const known = new Set(stories.map((story) => story.id));
  // Position in id order: sorting by it is much cheaper than comparing id texts, and foundation
  // dependencies give every story as many edges as epic 0 has stories.
  const rank = new Map(stories.map((story, index) => [story.id, index]));
  const foundation = stories.filter((story) => story.epic === 0).map((story) => story.id);
  const previousInEpic = new Map<string, string>();
  stories.forEach((story, index) => {
    const previous = stories[index - 1];
    if (previous && previous.epic === story.epic) previousInEpic.set(story.id, previous.id);
  });

  const dependencies = new Map<string, StoryDependency[]>();
  const problems: Problem[] = [];
  for (const story of stories) {
    const kinds = new Map<string, DependencyKind>();
    const add = (id: string, kind: DependencyKind) => {
      if (!kinds.has(id)) kinds.set(id, kind);
    };
    for (const id of story.dependencies) {
      const where = { file: story.file, line: story.lines.dependencies };
      if (id === story.id) problems.push({ ...where, message: `story ${id} depends on itself`, expected: 'remove it from its own dependencies' });
      else if (!known.has(id)) problems.push({ ...where, message: `unknown dependency "${id}"`, expected: suggestId({ unknown: id, known: [...known], self: story.id }) });
      else add(id, 'explicit');
    }
    if (options.foundationDependencies && story.epic > 0) foundation.forEach((id) => add(id, 'foundation'));
    const previous = previousInEpic.get(story.id);
    if (options.sameEpicOrder && previous) add(previous, 'same-epic');
    const list = [...kinds].map(([id, kind]) => ({ id, kind })).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    dependencies.set(story.id, list);
  }
  return { dependencies, problems };
}

/**
 * `did you mean 1.8?` for the closest existing id (never `self`, the story that names it), or the
 * ids that exist when none is close.
 */
export function suggestId(args: { unknown: string; known: readonly string[]; self?: string }): string {
  const { unknown, known, self } = args;
  if (known.length === 0) return 'there are no stories with ids';
  const [epic, number] = unknown.split('.').map(Number);
  const scored = known
    .filter((id) => id !== self)
    .map((id) => {
      const [otherEpic, otherNumber] = id.split('.').map(Number);
      const closeness = otherEpic === epic ? Math.abs(otherNumber - number) : Number.MAX_SAFE_INTEGER;
      return { id, distance: editDistance(unknown, id), closeness };
    })
    // One slip (`1.8` for `1.9`) anywhere, or two within the right epic (`1.10` for `1.1`).
    .filter((candidate) => candidate.distance <= 1 || (candidate.distance === 2 && candidate.closeness !== Number.MAX_SAFE_INTEGER))
    .sort((a, b) => a.distance - b.distance || a.closeness - b.closeness || compareStoryIds(a.id, b.id));
  if (scored.length > 0) return `did you mean ${scored[0].id}?`;
  const sorted = [...known].sort(compareStoryIds);
  const shown = sorted.slice(0, 12).join(', ');
  return `stories that exist: ${shown}${sorted.length > 12 ? `, ... (${sorted.length} in all)` : ''}`;
}
