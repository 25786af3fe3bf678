/**
 * One reading of the workspace's stories shared by every story of a batch. Each story still
 * starts from the stories as they are on disk: the reading is done again when a story file it
 * read has changed (a merge appends its review record; a person edits a story mid-run), which a
 * `stat` of each file tells without reading them.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceStories } from '../plugin/workspace-stories';

/** `size:mtime` of each file (`-` for one that is gone) and the latest modification time. */
function fingerprint(args: { workspaceRoot: string; files: Iterable<string> }): { text: string; latest: number } {
  const parts: string[] = [];
  let latest = 0;
  for (const file of args.files) {
    try {
      const stat = statSync(join(args.workspaceRoot, file));
      parts.push(`${file}\0${stat.size}:${stat.mtimeMs}`);
      latest = Math.max(latest, stat.mtimeMs);
    } catch {
      parts.push(`${file}\0-`);
    }
  }
  return { text: parts.join('\n'), latest };
}

/**
 * A reader that returns the last reading while none of its story files changed, and reads anew
 * (through `read`) otherwise. Concurrent callers share one reading in flight.
 */
export function sharedWorkspaceReader(args: { workspaceRoot: string; read: () => Promise<WorkspaceStories> }): () => Promise<WorkspaceStories> {
  let last: { stories: WorkspaceStories; fingerprint: string } | undefined;
  let inFlight: Promise<WorkspaceStories> | undefined;
  return async () => {
    if (last && fingerprint({ workspaceRoot: args.workspaceRoot, files: last.stories.texts.keys() }).text === last.fingerprint) return last.stories;
    if (inFlight) return inFlight;
    inFlight = (async () => {
      try {
        const startedAt = Date.now();
        const stories = await args.read();
        const now = fingerprint({ workspaceRoot: args.workspaceRoot, files: stories.texts.keys() });
        // A file changed while it was being read may have been read half-written: not kept.
        last = now.latest >= startedAt - 1000 ? undefined : { stories, fingerprint: now.text };
        return stories;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
}
