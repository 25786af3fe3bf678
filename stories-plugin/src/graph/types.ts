/** The dependency graph of the stories (contract section 2): pure data built by `buildStoryGraph`. */
import type { Story } from '../stories/types';

/**
 * Why one story depends on another: the story says so (`explicit`), the other story is in the
 * foundation epic 0 (`foundation`), or it is the previous story of the same epic (`same-epic`).
 * When several reasons hold, the first in that order is recorded.
 */
export type DependencyKind = 'explicit' | 'foundation' | 'same-epic';

/** One direct dependency of a story. */
export interface StoryDependency {
  /** The id of the story depended on. */
  id: string;
  kind: DependencyKind;
}

/** The options that shape the graph (see `ResolvedOptions`). */
export interface GraphOptions {
  foundationDependencies: boolean;
  sameEpicOrder: boolean;
}

/** A valid story graph: no unknown ids, no self-dependencies, no cycles, no duplicate ids. */
export interface StoryGraph {
  /** The stories in numeric id order, epic names resolved. */
  stories: Story[];
  byId: ReadonlyMap<string, Story>;
  /** Direct dependencies of each story, in id order. */
  dependencies: ReadonlyMap<string, StoryDependency[]>;
  /** Direct dependents of each story, in id order. */
  dependents: ReadonlyMap<string, string[]>;
  /** Wave 0: no dependencies; wave N: one more than the highest wave among its dependencies. */
  waves: ReadonlyMap<string, number>;
  /** The ids grouped by wave: `byWave[0]` holds wave 0, each wave in id order. */
  byWave: string[][];
  /** Every id after all of its dependencies: the waves in turn, each in id order. */
  order: string[];
  /**
   * The identity of a story's current content: sha256 over its id, its `contentHash` and the
   * `storyHash`es of its direct dependencies, so it covers its file and, transitively, the files of
   * everything it depends on. A merge records it in its `Story-Hash` trailer.
   */
  storyHashes: ReadonlyMap<string, string>;
}
