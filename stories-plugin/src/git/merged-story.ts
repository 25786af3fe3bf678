/** "Is this story merged (for this hash)?" answered from git history alone, so a cold cache knows too. */
import { resolve } from 'node:path';
import { MERGED_STORY_LOG_FORMAT, parseMergedStoryLog, storyIdGrepPattern, validateStoryHash } from './merge-message';
import { validateStoryId } from './names';
import { branchTip } from './repo';
import { gitText } from './run-git';

/**
 * The latest merge commit on the first-parent chain of `baseBranch` whose trailers name
 * `storyId` (and `storyHash`, when given); undefined when there is none.
 */
export async function findMergedStory(args: {
  repoRoot: string;
  baseBranch: string;
  storyId: string;
  storyHash?: string;
}): Promise<{ commit: string; storyHash: string } | undefined> {
  const repoRoot = resolve(args.repoRoot);
  const storyId = validateStoryId(args.storyId);
  const wantedHash = args.storyHash === undefined ? undefined : validateStoryHash(args.storyHash);
  const tip = await branchTip({ repoRoot, branch: args.baseBranch });
  const output = await gitText({
    cwd: repoRoot,
    args: ['log', '--first-parent', '--merges', `--format=${MERGED_STORY_LOG_FORMAT}`, `--grep=${storyIdGrepPattern(storyId)}`, tip, '--'],
  });
  const found = parseMergedStoryLog(output).find((merge) => merge.storyId === storyId && (wantedHash === undefined || merge.storyHash === wantedHash));
  return found ? { commit: found.commit, storyHash: found.storyHash } : undefined;
}
