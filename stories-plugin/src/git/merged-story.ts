/** "Is this story merged (for this hash)?" answered from git history alone, so a cold cache knows too. */
import { resolve } from 'node:path';
import { MERGED_STORY_LOG_FORMAT, parseMergedStoryLog, STORY_ID_TRAILER, storyIdGrepPattern, validateStoryHash } from './merge-message';
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

/**
 * Every story merge on the first-parent chain of `baseBranch`, as `<id>\0<hash>` -> merge commit
 * (the latest one wins): one `git log` answering "merged for this hash?" for a whole batch.
 */
export async function listMergedStories(args: { repoRoot: string; baseBranch: string }): Promise<Map<string, string>> {
  const repoRoot = resolve(args.repoRoot);
  const tip = await branchTip({ repoRoot, branch: args.baseBranch });
  const output = await gitText({ cwd: repoRoot, args: ['log', '--first-parent', '--merges', `--format=${MERGED_STORY_LOG_FORMAT}`, `--grep=^${STORY_ID_TRAILER}: `, tip, '--'] });
  const merged = new Map<string, string>();
  for (const merge of parseMergedStoryLog(output).reverse()) merged.set(mergedStoryKey(merge), merge.commit);
  return merged;
}

/** The key of {@link listMergedStories}. */
export function mergedStoryKey(args: { storyId: string; storyHash: string }): string {
  return `${args.storyId}\0${args.storyHash}`;
}
