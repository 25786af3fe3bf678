/**
 * Are the story's dependencies merged? Nx runs `^implement` (or `^merge`) first, but a task run on its own
 * (`--excludeTaskDependencies`, `stories implement` with `skip`) must still never start on top of
 * unmerged work: the record or git history must say merged.
 */
import { findMergedStory } from '../git';
import type { StoryContext } from './story-context';

/** The direct dependencies that are not merged: still to do (`pending`) or Failed/Blocked (`blockedBy`). */
export async function unmergedDependencies(context: StoryContext): Promise<{ pending: string[]; blockedBy: string[] }> {
  const pending: string[] = [];
  const blockedBy: string[] = [];
  for (const { id } of context.graph.dependencies.get(context.story.id) ?? []) {
    const record = await context.store.readStory({ storyId: id });
    if (record?.status === 'Merged') continue;
    if (context.graph.byId.get(id)?.status === 'Merged') continue;
    const storyHash = context.graph.storyHashes.get(id);
    if (await findMergedStory({ repoRoot: context.workspaceRoot, baseBranch: context.baseBranch, storyId: id, storyHash })) continue;
    (record?.status === 'Failed' || record?.status === 'Blocked' ? blockedBy : pending).push(id);
  }
  return { pending, blockedBy };
}
