/**
 * Out-of-scope dependencies: stories in scope that need a story outside it which is not merged yet
 * (directly, or through other such stories). The spec asks the user to expand the scope, skip the
 * dependent stories, or cancel; this module finds them, words the question and applies the answer.
 */
import { sortStoryIds } from '../stories/ids';

/** The three answers of the spec's prompt (and of `--on-out-of-scope`). */
export type OutOfScopeDecision = 'expand' | 'skip' | 'cancel';

/** One story in scope that needs a story outside the scope that is not merged. */
export interface OutOfScopeDependency {
  /** The story in scope. */
  storyId: string;
  /** The missing story: out of scope and not merged. */
  dependencyId: string;
  /** Missing stories between the two, nearest to `storyId` first; empty for a direct dependency. */
  via: string[];
}

/** What a scope lacks, and what each answer would change. */
export interface OutOfScopeFinding {
  /** One entry per (story in scope, missing dependency); empty when nothing is missing. */
  missing: OutOfScopeDependency[];
  /** The ids `expand` adds, in numeric order. */
  expandWith: string[];
  /** The ids `skip` removes: every story in scope that needs a missing one, even through others. */
  skip: string[];
}

/** The inputs of the check. */
export interface OutOfScopeInput {
  scope: readonly string[];
  /** Story id -> ids of its direct dependencies (explicit and implicit kinds alike). */
  dependencies: Readonly<Record<string, readonly string[]>>;
  /** Ids of stories already merged; they satisfy a dependency from outside the scope. */
  merged: Iterable<string>;
}

/** The scope to run after a decision, or the cancellation with what caused it. */
export type OutOfScopeOutcome =
  | { action: 'run'; scope: string[]; added: string[]; skipped: string[] }
  | { action: 'cancel'; missing: OutOfScopeDependency[] };

/** Finds the missing dependencies of a scope (see the module comment). */
export function findOutOfScope(input: OutOfScopeInput): OutOfScopeFinding {
  const scope = new Set(input.scope);
  const merged = new Set(input.merged);
  const depsOf = (id: string): readonly string[] => (Object.hasOwn(input.dependencies, id) ? input.dependencies[id] : []);
  const missing: OutOfScopeDependency[] = [];
  for (const storyId of sortStoryIds(scope)) {
    const seen = new Set<string>();
    const walk = (id: string, via: string[]): void => {
      for (const dependencyId of sortStoryIds(depsOf(id))) {
        if (scope.has(dependencyId) || merged.has(dependencyId) || seen.has(dependencyId)) continue;
        seen.add(dependencyId);
        missing.push({ storyId, dependencyId, via });
        walk(dependencyId, [...via, dependencyId]);
      }
    };
    walk(storyId, []);
  }
  const lacking = new Set(missing.map((entry) => entry.storyId));
  const needsMissing = new Map<string, boolean>();
  const tainted = (id: string, visiting: Set<string>): boolean => {
    const known = needsMissing.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return false; // a cycle is the graph validator's error, not ours
    visiting.add(id);
    const result = lacking.has(id) || depsOf(id).some((dep) => scope.has(dep) && tainted(dep, visiting));
    needsMissing.set(id, result);
    return result;
  };
  return {
    missing,
    expandWith: sortStoryIds(missing.map((entry) => entry.dependencyId)),
    skip: sortStoryIds([...scope].filter((id) => tainted(id, new Set()))),
  };
}

/** Applies an answer. With nothing missing every answer runs the scope unchanged. */
export function decideOutOfScope(input: OutOfScopeInput & { decision: OutOfScopeDecision }): OutOfScopeOutcome {
  const finding = findOutOfScope(input);
  const scope = sortStoryIds(input.scope);
  if (finding.missing.length === 0) return { action: 'run', scope, added: [], skipped: [] };
  switch (input.decision) {
    case 'expand':
      return { action: 'run', scope: sortStoryIds([...scope, ...finding.expandWith]), added: finding.expandWith, skipped: [] };
    case 'skip': {
      const skipped = new Set(finding.skip);
      return { action: 'run', scope: scope.filter((id) => !skipped.has(id)), added: [], skipped: finding.skip };
    }
    case 'cancel':
      return { action: 'cancel', missing: finding.missing };
  }
}

/** The prompt's last line; the answer is typed after it. */
export const OUT_OF_SCOPE_PROMPT = 'Enter your choice (1-3): ';

/**
 * The spec's warning and options. With `prompt` (a terminal) it ends with {@link OUT_OF_SCOPE_PROMPT};
 * without, it says how to choose non-interactively.
 */
export function renderOutOfScopeWarning(args: { finding: OutOfScopeFinding; prompt?: boolean }): string {
  const { finding } = args;
  const plural = finding.expandWith.length > 1;
  const lines = [`⚠️ Out-of-Scope ${plural ? 'Dependencies' : 'Dependency'} Detected`, ''];
  for (const entry of finding.missing) {
    const through = entry.via.length > 0 ? ` (through ${joinIds(entry.via)})` : '';
    lines.push(`Story ${entry.storyId} depends on story ${entry.dependencyId}${through}, which is not in the current scope.`);
  }
  lines.push(
    '',
    'Options:',
    `1. Expand scope to include ${joinIds(finding.expandWith)}`,
    `2. Skip ${finding.skip.length > 1 ? 'stories' : 'story'} ${joinIds(finding.skip)} for now`,
    '3. Cancel orchestration',
    '',
  );
  if (args.prompt ?? true) return `${lines.join('\n')}\n${OUT_OF_SCOPE_PROMPT}`;
  lines.push('No terminal to ask: choose with --on-out-of-scope expand|skip|cancel.');
  return lines.join('\n');
}

/** The decision an answer to the prompt stands for (`1`, `expand`, `e`, ...); undefined when unclear. */
export function parseOutOfScopeChoice(answer: string): OutOfScopeDecision | undefined {
  const choices: Record<string, OutOfScopeDecision> = {
    '1': 'expand', e: 'expand', expand: 'expand',
    '2': 'skip', s: 'skip', skip: 'skip',
    '3': 'cancel', c: 'cancel', cancel: 'cancel',
  };
  const key = answer.trim().toLowerCase();
  return Object.hasOwn(choices, key) ? choices[key] : undefined;
}

/** `1.5`, `1.4 and 1.5`, `1.3, 1.4 and 1.5`. */
function joinIds(ids: readonly string[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}
