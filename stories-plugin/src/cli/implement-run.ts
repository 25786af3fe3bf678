/**
 * What `stories implement` runs once the out-of-scope question is answered: the stories, the ones
 * left out, and the nx command. Pure.
 */
import type { StoryDependency } from '../graph/types';
import { decideOutOfScope, type OutOfScopeDecision, type OutOfScopeDependency } from '../scope';
import { runManyInvocation, type NxInvocation } from './nx-command';

/** The run to do, or the cancellation with what caused it. */
export type ImplementRun =
  | { action: 'run'; ids: string[]; added: string[]; skipped: string[]; invocation: NxInvocation }
  | { action: 'cancel'; missing: OutOfScopeDependency[] };

/**
 * Applies `decision` to `scope` (expand adds the missing dependencies, skip removes the stories that
 * need them) and builds the `nx run-many` for what is left (`invocation.projects` is empty when
 * nothing is). With nothing missing the scope runs unchanged whatever the decision.
 */
export function planImplementRun(args: {
  scope: readonly string[];
  dependencies: ReadonlyMap<string, readonly StoryDependency[]>;
  merged: readonly string[];
  decision: OutOfScopeDecision;
  projectPrefix: string;
  parallel: number;
}): ImplementRun {
  const dependencies = Object.fromEntries([...args.dependencies].map(([id, list]) => [id, list.map((dependency) => dependency.id)]));
  const outcome = decideOutOfScope({ scope: args.scope, dependencies, merged: args.merged, decision: args.decision });
  if (outcome.action === 'cancel') return outcome;
  const invocation = runManyInvocation({ ids: outcome.scope, dependencies: args.dependencies, projectPrefix: args.projectPrefix, parallel: args.parallel });
  return { action: 'run', ids: outcome.scope, added: outcome.added, skipped: outcome.skipped, invocation };
}
