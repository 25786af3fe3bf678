/**
 * Which nx command a `stories` command runs. Pure.
 *
 * `nx run-many -t implement -p <projects>` also runs, through `dependsOn: ['^implement']`, the
 * `implement` task of every dependency, in scope or not. When the chosen stories depend on
 * stories outside them (merged ones, or after `skip`), those would be run too. Then the command
 * adds `--excludeTaskDependencies`: Nx keeps the dependencies among the requested tasks (so the
 * chosen stories still run in dependency order) and drops every other task.
 */
import { compareStoryIds, sortStoryIds } from '../stories/ids';

/** Nx's own default of `--parallel`. */
export { NX_DEFAULT_PARALLEL as DEFAULT_PARALLEL } from '../batch/parallelism';

/** An nx command line (without the nx binary itself) and why it looks as it does. */
export interface NxInvocation {
  args: string[];
  /** The Nx projects asked for, in story order. */
  projects: string[];
  /** True when the chosen stories depend on others outside them (see the module comment). */
  excludeTaskDependencies: boolean;
}

/** Direct dependencies of each story, as ids. */
export type DependencyIds = ReadonlyMap<string, readonly { id: string }[]>;

/** Every story the chosen ones depend on, directly or not, that is not chosen; in id order. */
export function dependenciesOutside(args: { ids: readonly string[]; dependencies: DependencyIds }): string[] {
  const chosen = new Set(args.ids);
  const outside = new Set<string>();
  const seen = new Set<string>();
  const queue = [...args.ids];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const dependency of args.dependencies.get(id) ?? []) {
      if (!chosen.has(dependency.id)) outside.add(dependency.id);
      queue.push(dependency.id);
    }
  }
  return sortStoryIds(outside);
}

/** `nx run-many` for the chosen stories (see the module comment for `--excludeTaskDependencies`). */
export function runManyInvocation(args: { ids: readonly string[]; dependencies: DependencyIds; projectPrefix: string; parallel: number }): NxInvocation {
  const ids = [...new Set(args.ids)].sort(compareStoryIds);
  const projects = ids.map((id) => `${args.projectPrefix}${id}`);
  const excludeTaskDependencies = dependenciesOutside({ ids, dependencies: args.dependencies }).length > 0;
  return {
    args: ['run-many', '--targets', 'implement', '--projects', projects.join(','), '--parallel', String(args.parallel), ...(excludeTaskDependencies ? ['--excludeTaskDependencies'] : [])],
    projects,
    excludeTaskDependencies,
  };
}

/** `nx run <project>:implement`: one story and whatever it needs, as Nx decides. */
export function runOneInvocation(args: { id: string; projectPrefix: string }): NxInvocation {
  const project = `${args.projectPrefix}${args.id}`;
  return { args: ['run', `${project}:implement`], projects: [project], excludeTaskDependencies: false };
}

/** The command as a user would type it: words with shell-special characters are single-quoted. */
export function formatCommandLine(words: readonly string[]): string {
  return words.map((word) => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
