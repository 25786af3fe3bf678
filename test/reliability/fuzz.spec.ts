/**
 * Fuzzing (issue 9) of the two parsers that read what people type: the story parser (file name
 * and text) and the scope grammar. fast-check generates both structured and arbitrary input; the
 * properties are what the rest of nx-stories relies on: no exception, ids and slugs that are safe
 * in paths and refs, problems that point into the file, determinism, and scope resolution that
 * names only existing stories in numeric order. The number of cases is bounded (and the seed
 * fixed, `RELIABILITY_SEED` to vary it) so the suite takes seconds.
 */
import fc from 'fast-check';
import { StoriesError } from '../../stories-plugin/src/errors';
import { parseScope, globToRegExp, resolveScope } from '../../stories-plugin/src/scope';
import { appendReviewRound } from '../../stories-plugin/src/pipeline/review-record';
import { compareStoryIds, contentHash, isStoryFileName, MAX_ID_PART_DIGITS, normalizeStoryId, parseStory } from '../../stories-plugin/src/stories';
import { reliabilitySeed } from './support/random';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 400);
const SEED = reliabilitySeed(20_250_909);
const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };

const ID = /^\d+\.\d+$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const AGENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Digits, sometimes with leading zeros, sometimes beyond what a double holds exactly. */
const digits = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map(String),
  fc.array(fc.constantFrom(...'0123456789'), { minLength: 1, maxLength: 25, size: 'max' }).map((chars) => chars.join('')),
);
const storyId = fc.tuple(digits, digits).map(([epic, number]) => `${epic}.${number}`);
/** Text with everything a hostile or careless author may write: unicode, quotes, shell and YAML syntax. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('$(touch x)', '`id`', '; rm -rf ~', '../../etc/passwd', '---', '- [1.1', '{a: 1}', '&a [*a]', '"', "'", '\\', '\u0000', '\uFEFF', '日本語', ''),
);
const yamlValue = fc.oneof(anyText, storyId, fc.array(fc.oneof(storyId, anyText), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`));
const frontMatter = fc
  .array(fc.tuple(fc.constantFrom('id', 'title', 'dependencies', 'epic', 'status', 'agent', 'test', 'depends_on', 'x'), yamlValue), { maxLength: 6 })
  .map((entries) => ['---', ...entries.map(([key, value]) => `${key}: ${value}`), '---'].join('\n'));
const bodyLine = fc.oneof(
  anyText,
  fc.tuple(storyId, anyText).map(([id, title]) => `# Story ${id}: ${title}`),
  fc.array(fc.oneof(storyId, anyText), { maxLength: 4 }).map((ids) => `**Dependencies**: ${ids.join(', ')}`),
  anyText.map((text) => `**Epic**: ${text}`),
  anyText.map((text) => `**Status**: ${text}`),
  anyText.map((text) => `**Agent**: ${text}`),
  fc.constantFrom('## Dependencies', '## Acceptance Criteria', '## Review', '## Status', '```sh', '```', '- [x] done', '- Story 1.1 (auth)'),
);
const storyText = fc.tuple(fc.option(frontMatter), fc.array(bodyLine, { maxLength: 25 })).map(([front, lines]) => [...(front ? [front] : []), ...lines].join('\n'));
const fileName = fc
  .tuple(storyId, fc.constantFrom('.', '-'), anyText, fc.constantFrom('.md', '.story.md'))
  .map(([id, separator, slug, extension]) => `docs/stories/${id}${separator}${slug.replace(/[\\/\u0000]/g, '_')}${extension}`);

/** The id a file name stands for when read exactly: leading zeros dropped, no digit lost. */
function exactId(text: string): string {
  return text
    .split('.')
    .map((part) => part.replace(/^0+(?=\d)/, ''))
    .join('.');
}

describe('fuzz: the story parser', () => {
  it(`never throws, and what it returns is safe to build paths and refs from (${RUNS} cases, seed ${SEED})`, () => {
    fc.assert(
      fc.property(fileName, storyText, (file, text) => {
        const result = parseStory({ file, text });
        const lines = text.split(/\r?\n/).length;
        for (const problem of result.problems) {
          expect(problem.file).toBe(file);
          if (problem.line !== undefined) expect(problem.line).toBeGreaterThanOrEqual(1);
          if (problem.line !== undefined) expect(problem.line).toBeLessThanOrEqual(lines + 1);
          expect(problem.message.length).toBeGreaterThan(0);
        }
        const story = result.story;
        // A name that does not start with an id is not a story: nothing, and no complaint.
        if (!isStoryFileName(file)) expect(result).toEqual({ problems: [] });
        if (!story) return;
        expect(story.id).toMatch(ID);
        expect(`${story.epic}.${story.number}`).toBe(story.id);
        expect(story.slug).toMatch(SLUG);
        for (const dependency of story.dependencies) expect(dependency).toMatch(ID);
        if (story.agent !== undefined) expect(story.agent).toMatch(AGENT);
        expect(story.title.length).toBeGreaterThan(0);
        expect(story.file).toBe(file);
        expect(parseStory({ file, text })).toEqual(result);
      }),
      settings,
    );
  });

  it('reads the id of a file name exactly, or not at all when a part has more digits than an id may', () => {
    fc.assert(
      fc.property(storyId, (id) => {
        const result = parseStory({ file: `docs/stories/${id}.story.md`, text: '# A story\n' });
        const exact = exactId(id);
        const fits = exact.split('.').every((part) => part.length <= MAX_ID_PART_DIGITS);
        expect(result.story?.id).toBe(fits ? exact : undefined);
        expect(normalizeStoryId(id)).toBe(fits ? exact : undefined);
      }),
      settings,
    );
  });

  it('orders ids numerically, and consistently, whatever their length', () => {
    fc.assert(
      fc.property(storyId, storyId, storyId, (a, b, c) => {
        const [x, y, z] = [a, b, c].map((id) => normalizeStoryId(id) ?? exactId(id));
        expect(Math.sign(compareStoryIds(x, y)) + Math.sign(compareStoryIds(y, x))).toBe(0);
        if (compareStoryIds(x, y) <= 0 && compareStoryIds(y, z) <= 0) expect(compareStoryIds(x, z)).toBeLessThanOrEqual(0);
        if (compareStoryIds(x, y) === 0) expect(x).toBe(y);
      }),
      settings,
    );
  });

  it('gives a story the same content hash and round count after nx-stories records review rounds in it', () => {
    const verdict = fc.record({ verdict: fc.constantFrom('approve' as const, 'changes_requested' as const), findings: fc.array(anyText, { maxLength: 3 }) });
    fc.assert(
      fc.property(storyText, fc.array(verdict, { minLength: 1, maxLength: 3 }), (text, verdicts) => {
        let reviewed = text;
        verdicts.forEach((entry, index) => {
          reviewed = appendReviewRound(reviewed, { round: index + 1, verdict: entry, reviewer: 'fuzz', at: '2025-01-01T00:00:00.000Z' });
        });
        expect(contentHash(reviewed)).toBe(contentHash(text));
      }),
      settings,
    );
  });
});

const scopeWord = fc.oneof(
  storyId,
  fc.tuple(storyId, storyId).map(([a, b]) => `${a}-${b}`),
  fc.stringMatching(/^[0-9.*?]{1,6}$/),
  anyText.map((text) => `epic:${text}`),
  anyText,
  fc.constantFrom(',', ' ', '1.*', '*.1', 'epic:', '-', '1.1-', '--', '*'),
);
const scopeExpression = fc.array(scopeWord, { maxLength: 5 });
const scopeStories = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 30 })).map(([epic, number]) => `${epic}.${number}`), { maxLength: 30 })
  .chain((ids) => fc.tuple(fc.constant(ids), fc.array(fc.constantFrom('auth', 'billing', 'core', ''), { minLength: ids.length, maxLength: ids.length })))
  .map(([ids, names]) => ids.map((id, index) => ({ id, epicName: names[index] || id.split('.')[0] })));

describe('fuzz: the scope grammar', () => {
  it(`parses or refuses with SCOPE_INVALID, and resolves only to existing ids in numeric order (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(scopeExpression, scopeStories, (expression, stories) => {
        let terms;
        try {
          terms = parseScope(expression);
        } catch (error) {
          expect(error).toBeInstanceOf(StoriesError);
          expect((error as StoriesError).code).toBe('SCOPE_INVALID');
          return;
        }
        for (const term of terms) {
          if (term.kind === 'id') expect(term.id).toMatch(ID);
          if (term.kind === 'range') expect([term.from, term.to]).toEqual([expect.stringMatching(ID), expect.stringMatching(ID)]);
          if (term.kind === 'glob') expect(() => globToRegExp(term.pattern)).not.toThrow();
        }
        const ids = stories.map((story) => story.id);
        let resolved: string[];
        try {
          resolved = resolveScope({ expression, stories });
        } catch (error) {
          expect((error as StoriesError).code).toBe('SCOPE_INVALID');
          return;
        }
        expect(resolved.every((id) => ids.includes(id))).toBe(true);
        expect(new Set(resolved).size).toBe(resolved.length);
        expect([...resolved].sort(compareStoryIds)).toEqual(resolved);
        if (terms.length === 0) expect(resolved).toHaveLength(ids.length);
      }),
      settings,
    );
  });

  it('resolves a single range, id or glob exactly as its definition says', () => {
    fc.assert(
      fc.property(scopeStories, fc.nat(), fc.nat(), (stories, i, j) => {
        fc.pre(stories.length > 0);
        const ids = stories.map((story) => story.id);
        const [a, b] = [ids[i % ids.length], ids[j % ids.length]].sort(compareStoryIds);
        const inRange = ids.filter((id) => compareStoryIds(id, a) >= 0 && compareStoryIds(id, b) <= 0).sort(compareStoryIds);
        expect(resolveScope({ expression: [`${a}-${b}`], stories })).toEqual(inRange);
        expect(resolveScope({ expression: [a] , stories })).toEqual([a]);
        const epic = a.split('.')[0];
        const glob = ids.filter((id) => id.startsWith(`${epic}.`)).sort(compareStoryIds);
        expect(resolveScope({ expression: [`${epic}.*`], stories })).toEqual(glob);
      }),
      settings,
    );
  });
});
