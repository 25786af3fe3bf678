/**
 * Turns a scope expression into the ids it names, against the stories that exist. Every term must
 * name at least one story; a term that names nothing is an error that says what exists instead.
 */
import { problemsError, type Problem } from '../errors';
import { compareStoryIds, parseStoryId, slugify, sortStoryIds } from '../stories/ids';
import { describeStoryIds } from './describe-ids';
import { globToRegExp, parseScope, SCOPE_SYNTAX_HINT, type ScopeTerm } from './parse';

/** What scope resolution needs to know about a story. */
export interface ScopeStory {
  id: string;
  /** Epic slug (`auth`), or the epic number as text when no story of the epic names it. */
  epicName: string;
}

/**
 * The ids that `expression` (argv words) names, unique and in numeric order. No words: every story.
 * Throws `SCOPE_INVALID` listing every term that is malformed or names nothing.
 */
export function resolveScope(args: { expression: readonly string[]; stories: readonly ScopeStory[] }): string[] {
  const terms = parseScope(args.expression);
  const allIds = sortStoryIds(args.stories.map((story) => story.id));
  if (terms.length === 0) return allIds;
  const selected = new Set<string>();
  const problems: Problem[] = [];
  for (const term of terms) {
    const result = resolveTerm(term, args.stories, allIds);
    if (Array.isArray(result)) result.forEach((id) => selected.add(id));
    else problems.push(result);
  }
  if (problems.length > 0) {
    const existing = allIds.length > 0 ? `stories that exist: ${describeStoryIds(allIds)}` : 'there are no stories';
    throw problemsError('SCOPE_INVALID', 'The scope names stories that do not exist:', problems, `${existing}; ${SCOPE_SYNTAX_HINT}`);
  }
  return sortStoryIds(selected);
}

function resolveTerm(term: ScopeTerm, stories: readonly ScopeStory[], allIds: readonly string[]): string[] | Problem {
  switch (term.kind) {
    case 'id':
      return allIds.includes(term.id) ? [term.id] : unknownId(term.id, allIds);
    case 'range':
      return resolveRange(term, allIds);
    case 'epic':
      return resolveEpic(term.epic, stories);
    case 'glob': {
      const regex = globToRegExp(term.pattern);
      const ids = allIds.filter((id) => regex.test(id));
      return ids.length > 0 ? ids : { message: `no story matches "${term.pattern}"`, expected: `stories that exist: ${describeStoryIds(allIds) || 'none'}` };
    }
  }
}

function resolveRange(term: Extract<ScopeTerm, { kind: 'range' }>, allIds: readonly string[]): string[] | Problem {
  const missing = [term.from, term.to].filter((id) => !allIds.includes(id));
  if (missing.length > 0) {
    const nearest = missing.map((id) => `${id}: did you mean ${listOr(nearestIds(id, allIds))}?`);
    return { message: `range ${term.text} ends at a story that does not exist`, expected: nearest.join('; ') };
  }
  if (compareStoryIds(term.from, term.to) > 0) {
    return { message: `range ${term.text} is empty: ${term.from} comes after ${term.to}`, expected: `did you mean ${term.to}-${term.from}?` };
  }
  return allIds.filter((id) => compareStoryIds(id, term.from) >= 0 && compareStoryIds(id, term.to) <= 0);
}

function resolveEpic(epic: string, stories: readonly ScopeStory[]): string[] | Problem {
  const wanted = slugify(epic);
  const wantedNumber = /^\d+$/.test(epic) ? Number(epic) : undefined;
  const ids = stories
    .filter((story) => story.epicName === wanted || (wantedNumber !== undefined && parseStoryId(story.id)?.epic === wantedNumber))
    .map((story) => story.id);
  if (ids.length > 0) return sortStoryIds(ids);
  const known = knownEpics(stories);
  const close = known.filter((name) => editDistance(name.slug, wanted) <= Math.max(1, Math.floor(wanted.length / 3)));
  const listing = known.map((name) => name.label).join(', ') || 'none';
  const guess = close.length > 0 ? `did you mean epic:${close[0].slug}? ` : '';
  return { message: `unknown epic "${epic}"`, expected: `${guess}known epics: ${listing}` };
}

function unknownId(id: string, allIds: readonly string[]): Problem {
  const nearest = nearestIds(id, allIds);
  return { message: `unknown story ${id}`, expected: nearest.length > 0 ? `did you mean ${listOr(nearest)}?` : 'there are no stories' };
}

/** Up to three existing ids closest to `id`: same epic first, then by distance of story number. */
export function nearestIds(id: string, allIds: readonly string[]): string[] {
  const target = parseStoryId(id);
  if (!target) return allIds.slice(0, 3);
  const distance = (other: string): [number, number] => {
    const parts = parseStoryId(other) ?? { epic: Infinity, number: Infinity };
    return [Math.abs(parts.epic - target.epic), Math.abs(parts.number - target.number)];
  };
  const ranked = [...allIds].sort((a, b) => {
    const [epicA, numberA] = distance(a);
    const [epicB, numberB] = distance(b);
    return epicA - epicB || numberA - numberB || compareStoryIds(a, b);
  });
  return ranked.slice(0, 3).sort(compareStoryIds);
}

/** `1.1`, `1.1 or 1.2`, `1.1, 1.2 or 1.3`. */
function listOr(ids: readonly string[]): string {
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`;
}

/** Epics as users may write them: slug, and the number when the slug is not the number. */
function knownEpics(stories: readonly ScopeStory[]): Array<{ slug: string; label: string }> {
  const byName = new Map<string, Set<number>>();
  for (const story of stories) {
    const numbers = byName.get(story.epicName) ?? new Set<number>();
    const epic = parseStoryId(story.id)?.epic;
    if (epic !== undefined) numbers.add(epic);
    byName.set(story.epicName, numbers);
  }
  return [...byName.entries()]
    .sort(([, a], [, b]) => Math.min(...a) - Math.min(...b))
    .map(([slug, numbers]) => {
      const shown = [...numbers].filter((n) => String(n) !== slug);
      return { slug, label: shown.length > 0 ? `${slug} (${shown.join(', ')})` : slug };
    });
}

/** Levenshtein distance, for did-you-mean on epic names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
