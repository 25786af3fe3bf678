/**
 * Command-line values checked before anything runs. Pure. Malformed values throw commander's
 * `InvalidArgumentError`, so commander names the option in its message; unknown stories throw
 * `SCOPE_INVALID` naming what exists.
 */
import { InvalidArgumentError } from 'commander';
import { StoriesError } from '../errors';
import { nearestIds } from '../scope/resolve';
import type { OutOfScopeDecision } from '../scope/out-of-scope';
import { normalizeStoryId } from '../stories/ids';

/** The most parallel tasks `--parallel` accepts. */
export const MAX_PARALLEL = 64;

/** `--parallel <n>`: a whole number from 1 to {@link MAX_PARALLEL}. */
export function parseParallel(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PARALLEL) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PARALLEL}.`);
  }
  return value;
}

/** `--finding <text>`, repeatable: each non-blank text is added to the list. */
export function collectFinding(text: string, previous: string[] | undefined): string[] {
  const finding = text.trim();
  if (finding === '') throw new InvalidArgumentError('a finding needs some text, e.g. --finding "log out keeps the session cookie".');
  return [...(previous ?? []), finding];
}

/** How the out-of-scope question gets its answer. */
export type OutOfScopeMode = { kind: 'prompt' } | { kind: 'decided'; decision: OutOfScopeDecision; explicit: boolean };

/**
 * An explicit `--on-out-of-scope` always decides; otherwise a terminal (stdin and stdout) is asked,
 * and without one the answer is `cancel`.
 */
export function outOfScopeMode(args: { flag?: OutOfScopeDecision; interactive: boolean }): OutOfScopeMode {
  if (args.flag !== undefined) return { kind: 'decided', decision: args.flag, explicit: true };
  return args.interactive ? { kind: 'prompt' } : { kind: 'decided', decision: 'cancel', explicit: false };
}

/** A story id argument (`1.2`, `01.02`), checked against the ids that exist. */
export function storyIdArgument(args: { text: string; existing: readonly string[] }): string {
  const id = normalizeStoryId(args.text.trim());
  if (id && args.existing.includes(id)) return id;
  const nearest = id ? nearestIds(id, args.existing) : [];
  throw new StoriesError({
    code: 'SCOPE_INVALID',
    message: id ? `There is no story ${id}.` : `"${args.text}" is not a story id.`,
    hint: nearest.length > 0 ? `Story ids look like 1.2; did you mean ${nearest.join(', ')}? \`stories plan\` lists them all.` : 'Story ids look like 1.2; `stories plan` lists them all.',
  });
}
