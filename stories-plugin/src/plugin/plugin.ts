/**
 * The Nx plugin: every story becomes a project (contract section 3), inferred with `createNodes`,
 * and every story dependency an edge of type `implicit`, returned by `createDependencies`.
 *
 * Nx hands the function every markdown file; the stories are found with the configured `stories`
 * glob instead (the same discovery `stories validate` uses), read once per call, parsed through the
 * workspace's parse cache, and validated as one graph. Invalid stories make the call throw the
 * `GRAPH_INVALID` error, so every nx command fails with the text `stories validate` prints.
 */
import type { CreateDependencies, CreateNodesResult, CreateNodesV2, ProjectConfiguration } from 'nx/src/devkit-exports';
import type { StoriesPluginOptions } from '../config/options';
import { describeError, StoriesError } from '../errors';
import { chooseAgent } from './choose-agent';
import { storyDependencyEdges } from './dependencies';
import { storyProject } from './project';
import { validateWorkspaceStories } from './workspace-stories';

/**
 * What Nx matches before calling the plugin. Stories are markdown (the `stories` option must end in
 * `.md`), and Nx's glob cannot depend on options, so it covers every markdown file.
 */
export const STORY_FILES_GLOB = '**/*.md';

/** Inference of story projects, in Nx's v2 shape `[glob, (files, options, context) => results]`. */
export const createNodes: CreateNodesV2<StoriesPluginOptions> = [
  STORY_FILES_GLOB,
  async (_markdownFiles, options, context) => {
    const { graph, options: resolved, texts } = await validateWorkspaceStories({ workspaceRoot: context.workspaceRoot, options }).catch((error: unknown) => {
      throw withHintInMessage(error);
    });
    return graph.stories.map((story): [string, CreateNodesResult] => {
      const agent = chooseAgent({ story, text: texts.get(story.file) ?? '', options: resolved });
      const project: ProjectConfiguration = storyProject({ story, graph, options: resolved, agent });
      return [story.file, { projects: { [project.root]: project } }];
    });
  },
];

/**
 * The dependencies between story projects, from the dependency list `createNodes` wrote into each
 * project's metadata (the stories are not read again). Edges, not `implicitDependencies`, because
 * Nx resolves those as patterns against every project: quadratic in the number of stories.
 */
export const createDependencies: CreateDependencies<StoriesPluginOptions> = (_options, context) => {
  try {
    return storyDependencyEdges(context.projects);
  } catch (error) {
    throw withHintInMessage(error);
  }
};

/**
 * Nx prints only an error's message; the hint goes into it so that nx shows exactly what
 * `stories validate` prints (`describeError`).
 */
function withHintInMessage(error: unknown): unknown {
  if (!(error instanceof StoriesError) || !error.hint) return error;
  return new StoriesError({ code: error.code, message: describeError(error), problems: error.problems });
}

/** The same inference under the name Nx 19-21 looked for. */
export const createNodesV2 = createNodes;
