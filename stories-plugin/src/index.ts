/**
 * nx-stories: markdown stories become Nx projects that AI coding agents implement in git
 * worktrees. This entry point is what Nx loads (`createNodes`) and what other tools import.
 */
export { createNodes, createNodesV2, createDependencies } from './plugin/plugin';
export { validateWorkspaceStories, checkWorkspaceStories } from './plugin/workspace-stories';
export type { WorkspaceStories, WorkspaceCheck } from './plugin/workspace-stories';
export { chooseAgentName } from './plugin/choose-agent';
export { storyProjectName } from './plugin/project';
export type { StoryTargetOptions } from './plugin/project';
export { resolveOptions, DEFAULT_OPTIONS, ADAPTER_NAMES } from './config/resolve';
export { readStoriesPluginOptions } from './config/nx-json';
export type { ResolvedOptions } from './config/resolve';
export type { AgentConfig, StoriesPluginOptions } from './config/options';
export { buildStoryGraph, analyzeStoryGraph, transitiveDependencies, transitiveDependents } from './graph';
export type { StoryGraph, StoryDependency, DependencyKind, GraphOptions } from './graph';
export { parseStory, contentHash, normalizeStoryText, discoverStories, compareStoryIds } from './stories';
export type { Story, StoryStatus, ParseStoryResult } from './stories';
export { StoriesError, describeError, formatProblem } from './errors';
export type { ErrorCode, Problem } from './errors';
