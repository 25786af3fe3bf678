/**
 * The project graph edges between stories, for the plugin's `createDependencies`. Pure.
 *
 * Edges come from the dependency list `createNodes` already wrote into each story project's
 * metadata, so the stories are not read twice. They are not declared as `implicitDependencies`:
 * Nx matches every such entry as a project pattern against all projects, which is quadratic in the
 * number of stories (5.5 s of CPU at 5,000 stories); a returned edge costs nothing to resolve.
 * Nx follows edges of any type for `^target` in `dependsOn`, `--affected` and `nx graph`.
 */
import type { ImplicitDependency, ProjectConfiguration } from 'nx/src/devkit-exports';
// The enum `nx/src/devkit-exports` re-exports, from the module that defines it: loading all of
// devkit-exports costs about 0.6 s, and the `stories` command imports this module too.
import { DependencyType } from 'nx/src/config/project-graph';
import { StoriesError } from '../errors';
import { EXECUTOR_PACKAGE } from './project';

/** One edge per direct dependency of every nx-stories project in `projects` (keyed by project name). */
export function storyDependencyEdges(projects: Readonly<Record<string, ProjectConfiguration>>): ImplicitDependency[] {
  const edges: ImplicitDependency[] = [];
  for (const [source, project] of Object.entries(projects)) {
    if (!isStoryProject(project)) continue;
    for (const target of dependencyProjects(project)) {
      if (!Object.hasOwn(projects, target)) {
        throw new StoriesError({
          code: 'GRAPH_INVALID',
          message: `nx-stories: ${String(project.metadata?.file ?? source)}: project ${source} depends on ${target}, which is not a project of this workspace`,
          hint: 'another plugin or a project.json may have renamed or removed that story project; `nx show projects` lists the projects',
        });
      }
      edges.push({ source, target, type: DependencyType.implicit });
    }
  }
  return edges;
}

/** True for a project `createNodes` of nx-stories made: a story id in its metadata and nx-stories targets. */
export function isStoryProject(project: ProjectConfiguration): boolean {
  if (typeof project.metadata?.storyId !== 'string') return false;
  return Object.values(project.targets ?? {}).some((target) => target.executor?.startsWith(`${EXECUTOR_PACKAGE}:`) === true);
}

function dependencyProjects(project: ProjectConfiguration): string[] {
  const dependencies: unknown = project.metadata?.dependencies;
  if (!Array.isArray(dependencies)) return [];
  return dependencies.flatMap((dependency: unknown) => {
    const name = typeof dependency === 'object' && dependency !== null ? (dependency as { project?: unknown }).project : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}
