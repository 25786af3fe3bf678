/**
 * One story -> one Nx project configuration (contract section 3). Pure.
 *
 * Caching: Nx hashes a task's project configuration, target options included, so the `storyHash`
 * in every target's options makes the task hash follow the normalized story and its dependencies;
 * a review appended to a merged story keeps the hash. Targets therefore have `inputs: []` (a
 * project rooted at a file owns no files in Nx's file map, and default inputs crash the hasher),
 * and target options hold nothing that changes for other reasons (no wave, no status).
 */
import type { AgentDetection } from '../agents/detection';
import type { ProjectConfiguration, TargetConfiguration } from 'nx/src/devkit-exports';
import type { ResolvedOptions } from '../config/resolve';
import type { StoryGraph } from '../graph/types';
import type { Story } from '../stories/types';

/** The options every nx-stories target receives (see the executors' schema.json). */
export interface StoryTargetOptions {
  storyId: string;
  storyFile: string;
  storyHash: string;
}

/** The executor package the targets run (`nx-stories:run`, ...). */
export const EXECUTOR_PACKAGE = 'nx-stories';

/** The Nx project name of a story: `story-1.2` with the default prefix. */
export function storyProjectName(args: { id: string; options: Pick<ResolvedOptions, 'projectPrefix'> }): string {
  return `${args.options.projectPrefix}${args.id}`;
}

/** The tags of a story's project: `story`, `epic:<name>`, `agent:<name>`, and `foundation` for epic 0. */
export function storyTags(args: { story: Story; agentName: string }): string[] {
  const { story, agentName } = args;
  return ['story', `epic:${story.epicName}`, `agent:${agentName}`, ...(story.epic === 0 ? ['foundation'] : [])];
}

/** The project configuration of one story of a valid graph. */
export function storyProject(args: { story: Story; graph: StoryGraph; options: ResolvedOptions; agent: AgentDetection }): ProjectConfiguration {
  const { story, graph, options } = args;
  const agentName = args.agent.agent;
  const dependencies = graph.dependencies.get(story.id) ?? [];
  const targetOptions: StoryTargetOptions = { storyId: story.id, storyFile: story.file, storyHash: graph.storyHashes.get(story.id)! };
  const target = (name: string, settings: Partial<TargetConfiguration>, description: string): TargetConfiguration => ({
    executor: `${EXECUTOR_PACKAGE}:${name}`,
    inputs: [],
    options: { ...targetOptions },
    metadata: { description, technologies: ['nx-stories'] },
    ...settings,
  });
  const fileInput = `{workspaceRoot}/${story.file}`;
  return {
    name: storyProjectName({ id: story.id, options }),
    root: story.file,
    tags: storyTags({ story, agentName }),
    namedInputs: { story: [fileInput], default: [fileInput] },
    metadata: {
      description: story.title,
      storyId: story.id,
      file: story.file,
      epic: story.epicName,
      agent: agentName,
      agentEvidence: args.agent.evidence,
      wave: graph.waves.get(story.id),
      ...(story.status ? { status: story.status } : {}),
      // Also the source of the project graph edges (`createDependencies`), so it names projects.
      dependencies: dependencies.map((dependency) => ({ ...dependency, project: storyProjectName({ id: dependency.id, options }) })),
    },
    targets: {
      run: target('run', { dependsOn: ['^merge'], cache: false }, `Implement story ${story.id} with agent ${agentName} in a fresh worktree, then run its tests`),
      review: target('review', { dependsOn: ['run'], cache: false }, `Review story ${story.id}; findings go back to the agent, up to the review round limit`),
      // Not `parallelism: false`: Nx would then run no other task beside a merge. The repository
      // lock serializes merges while runs and reviews of other stories go on.
      merge: target('merge', { dependsOn: ['review'], cache: true }, `Merge story ${story.id} into the base branch (serialized by the repository lock)`),
      // One task per story: run, review and merge happen in one process (and, with Nx's batch
      // mode, every story of a run in one process), not in four Nx tasks of their own.
      implement: target('implement', { dependsOn: ['^implement'], cache: true }, `Implement, review and merge story ${story.id}`),
    },
  };
}
