/**
 * The scope grammar of `stories plan|implement [scope]` (contract section 7), as syntax only:
 * argv words become terms; which stories they name is `resolve.ts`'s job.
 *
 *   (nothing)        every story
 *   1.2              one story
 *   1.1-1.5          inclusive range in numeric order, also across epics (`1.3-2.2`)
 *   1.1 1.3,1.5      lists, by separate words and/or commas
 *   epic:auth        an epic by slug, or by number (`epic:1`)
 *   1.*  *.1  1.1*   globs: `*` is any text, `?` one character
 */
import { problemsError, type Problem } from '../errors';
import { normalizeStoryId } from '../stories/ids';

/** One term of a scope expression. */
export type ScopeTerm =
  | { kind: 'id'; id: string; text: string }
  | { kind: 'range'; from: string; to: string; text: string }
  | { kind: 'epic'; epic: string; text: string }
  | { kind: 'glob'; pattern: string; text: string };

/** What the scope grammar accepts, for error hints and `--help`. */
export const SCOPE_SYNTAX_HINT =
  'a scope is nothing (all stories), ids (1.1 1.3 or 1.1,1.3), a range (1.1-1.5), an epic (epic:auth or epic:1) or a glob (1.*)';

const GLOB_PATTERN = /^[0-9.*?]+$/;

/**
 * Splits argv words into terms. An empty list (or only blanks and commas) means every story and
 * yields no terms. Throws `SCOPE_INVALID` listing every malformed term at once.
 */
export function parseScope(expression: readonly string[]): ScopeTerm[] {
  const texts = expression.flatMap((word) => word.split(/[\s,]+/)).filter((text) => text.length > 0);
  const terms: ScopeTerm[] = [];
  const problems: Problem[] = [];
  for (const text of texts) {
    const term = parseTerm(text);
    if (typeof term === 'string') problems.push({ message: `"${text}" is not a scope term`, expected: term });
    else terms.push(term);
  }
  if (problems.length > 0) {
    throw problemsError('SCOPE_INVALID', 'Invalid scope:', problems, SCOPE_SYNTAX_HINT);
  }
  return terms;
}

/** One term, or the text that says what was expected instead. */
function parseTerm(text: string): ScopeTerm | string {
  if (/^epic:/i.test(text)) {
    const epic = text.slice('epic:'.length);
    return epic.length > 0 ? { kind: 'epic', epic, text } : 'expected an epic name or number after "epic:", e.g. epic:auth';
  }
  if (text.includes('*') || text.includes('?')) {
    return GLOB_PATTERN.test(text) ? { kind: 'glob', pattern: text, text } : 'a glob may hold digits, dots, * and ?, e.g. 1.*';
  }
  const id = normalizeStoryId(text);
  if (id) return { kind: 'id', id, text };
  const range = /^([^-]+)-([^-]+)$/.exec(text);
  if (range) {
    const from = normalizeStoryId(range[1]);
    const to = normalizeStoryId(range[2]);
    if (from && to) return { kind: 'range', from, to, text };
    return 'a range joins two story ids, e.g. 1.1-1.5';
  }
  return 'expected a story id like 1.2, a range like 1.1-1.5, epic:<name> or a glob like 1.*';
}

/** The regular expression a scope glob stands for, anchored at both ends. */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char === '.' ? '\\.' : char))
    .join('');
  return new RegExp(`^${body}$`);
}
