/**
 * Where the state of a workspace lives (contract section 4): everything under
 * `.agent-orchestration/` at the workspace root. Every path built from a story id goes through
 * `assertStoryId` first, so no id can reach outside that folder.
 */
import { join } from 'node:path';
import { StoriesError } from '../errors';

/** The state folder's name at the workspace root. */
export const STATE_DIR_NAME = '.agent-orchestration';

const STORY_ID = /^\d+\.\d+$/;
const STORY_FILE = /^story-(\d+\.\d+)\.json$/;

/** Throws `PATH_UNSAFE` unless `storyId` is `epic.story` (digits, one dot, digits). */
export function assertStoryId(storyId: unknown): asserts storyId is string {
  if (typeof storyId !== 'string' || !STORY_ID.test(storyId)) {
    throw new StoriesError({
      code: 'PATH_UNSAFE',
      message: `Refusing to build a state path from the story id ${JSON.stringify(storyId)}: ids look like "1.2".`,
      hint: 'Story ids are two whole numbers joined by a dot; check the story file name or its `id` field.',
    });
  }
}

/** The story id a state file name stands for (`story-1.2.json` -> `1.2`), else undefined. */
export function storyIdOfFile(fileName: string): string | undefined {
  return STORY_FILE.exec(fileName)?.[1];
}

/** The files and folders of one workspace's state. */
export interface StatePaths {
  workspaceRoot: string;
  stateDir: string;
  locksDir: string;
  logsDir: string;
  historyFile: string;
  orchestrationFile: string;
  /** Serializes rewrites of `orchestration-state.json`. */
  orchestrationLock: string;
  storyFile(storyId: string): string;
  storyLock(storyId: string): string;
  logDir(storyId: string): string;
  /** `.agent-orchestration/story-1.2.json`: how messages name a file. */
  display(path: string): string;
}

/** The state layout of the workspace at `workspaceRoot` (nothing is created). */
export function statePaths(args: { workspaceRoot: string }): StatePaths {
  const { workspaceRoot } = args;
  const stateDir = join(workspaceRoot, STATE_DIR_NAME);
  const locksDir = join(stateDir, 'locks');
  const logsDir = join(stateDir, 'logs');
  const checked = (storyId: string) => {
    assertStoryId(storyId);
    return storyId;
  };
  return {
    workspaceRoot,
    stateDir,
    locksDir,
    logsDir,
    historyFile: join(stateDir, 'history.jsonl'),
    orchestrationFile: join(stateDir, 'orchestration-state.json'),
    orchestrationLock: join(locksDir, 'orchestration-state.lock'),
    storyFile: (storyId) => join(stateDir, `story-${checked(storyId)}.json`),
    storyLock: (storyId) => join(locksDir, `story-${checked(storyId)}.lock`),
    logDir: (storyId) => join(logsDir, checked(storyId)),
    display: (path) => (path.startsWith(`${workspaceRoot}/`) ? path.slice(workspaceRoot.length + 1) : path),
  };
}
