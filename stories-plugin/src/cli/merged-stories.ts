/**
 * Which stories count as merged for the out-of-scope check: the state record says Merged, or git
 * history holds a merge of the story's current content (`Story-Hash` trailer), or the story file
 * says Done. The same three answers the `run` step accepts for a dependency.
 */
import { findMergedStory } from '../git';
import type { StoryRecord } from '../lifecycle';
import type { CliWorkspace } from './workspace';

/** The ids among `ids` that are merged. Git is asked only when the record and the file do not say so. */
export async function mergedStoryIds(args: {
  workspace: Pick<CliWorkspace, 'root' | 'graph'>;
  records: ReadonlyMap<string, StoryRecord>;
  baseBranch: string;
  ids: readonly string[];
}): Promise<string[]> {
  const { workspace, records, baseBranch } = args;
  const merged: string[] = [];
  for (const id of args.ids) {
    if (records.get(id)?.status === 'Merged' || workspace.graph.byId.get(id)?.status === 'Merged') {
      merged.push(id);
      continue;
    }
    const storyHash = workspace.graph.storyHashes.get(id);
    if (await findMergedStory({ repoRoot: workspace.root, baseBranch, storyId: id, ...(storyHash ? { storyHash } : {}) })) merged.push(id);
  }
  return merged;
}
