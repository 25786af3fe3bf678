/**
 * Everything one executor invocation needs about its story, loaded once: the resolved options,
 * the validated graph, the story and its text, the base branch, the state store and a logger.
 */
import { isAbsolute, join, relative } from 'node:path';
import { readStoriesPluginOptions } from '../config/nx-json';
import type { ResolvedOptions } from '../config/resolve';
import { StoriesError } from '../errors';
import { currentBranch } from '../git';
import type { StoryGraph } from '../graph/types';
import { chooseAgentName } from '../plugin/choose-agent';
import { validateWorkspaceStories, type WorkspaceStories } from '../plugin/workspace-stories';
import { StateStore } from '../state';
import type { Story } from '../stories/types';

/** The loaded world of one story's task. */
export interface StoryContext {
  workspaceRoot: string;
  options: ResolvedOptions;
  graph: StoryGraph;
  story: Story;
  /** The story file's text on the base branch as read for the graph. */
  text: string;
  /** The identity Nx hashed this task with; recorded in the merge's `Story-Hash` trailer. */
  storyHash: string;
  /** The agent that implements the story (`none`: documentation only). */
  agentName: string;
  baseBranch: string;
  store: StateStore;
  /** Prints one line of progress, prefixed with the story id (Nx shows it as the task's output). */
  log(message: string): void;
}

/** Reads and validates the workspace's stories as `nx` and `stories validate` do. */
export function readWorkspaceStories(workspaceRoot: string): Promise<WorkspaceStories> {
  return validateWorkspaceStories({ workspaceRoot, options: readStoriesPluginOptions(workspaceRoot) });
}

/**
 * Loads the context of `storyId`. `workspace` supplies the validated stories (a batch shares one
 * reading among its stories; by default they are read anew); `write` receives the task's output
 * (by default standard output).
 */
export async function loadStoryContext(args: {
  workspaceRoot: string;
  storyId: string;
  storyHash: string;
  workspace?: () => Promise<WorkspaceStories>;
  write?: (text: string) => void;
}): Promise<StoryContext> {
  const { workspaceRoot, storyId } = args;
  const write = args.write ?? ((text: string) => process.stdout.write(text));
  const { options, graph, texts } = await (args.workspace ?? (() => readWorkspaceStories(workspaceRoot)))();
  const story = graph.byId.get(storyId);
  if (!story) {
    throw new StoriesError({ code: 'GRAPH_INVALID', message: `Story ${storyId} is no longer among the stories (${options.stories}).`, hint: 'Run the command again so Nx reads the stories anew.' });
  }
  const currentHash = graph.storyHashes.get(storyId) as string;
  if (currentHash !== args.storyHash) {
    // The story changed between Nx computing the task graph and this task starting: the content
    // on disk is what the agent will read, so its hash is what a merge must record.
    write(`[story ${storyId}] the story changed since the task graph was computed; using its current content\n`);
  }
  const text = texts.get(story.file) ?? '';
  return {
    workspaceRoot,
    options,
    graph,
    story,
    text,
    storyHash: currentHash,
    agentName: chooseAgentName({ story, text, options }),
    baseBranch: options.baseBranch ?? (await currentBranch({ repoRoot: workspaceRoot })),
    store: new StateStore({ workspaceRoot }),
    log: (message) => write(`[story ${storyId}] ${message}\n`),
  };
}

/** The workspace-relative form of a path inside the workspace (state files store these). */
export function workspaceRelative(context: Pick<StoryContext, 'workspaceRoot'>, path: string): string {
  return isAbsolute(path) ? relative(context.workspaceRoot, path) : path;
}

/** The absolute form of a workspace-relative path from a state file. */
export function workspaceAbsolute(context: Pick<StoryContext, 'workspaceRoot'>, path: string): string {
  return isAbsolute(path) ? path : join(context.workspaceRoot, path);
}
