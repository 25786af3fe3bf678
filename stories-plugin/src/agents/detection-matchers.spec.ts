import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileDetectionTable, findCompiledSignal, keyWords, type SignalText } from './detection-matchers';
import { DEFAULT_DETECTION_SIGNALS, type DetectionSignal, type DetectionTable } from './detection-signals';

/**
 * The matching detection used before signals were compiled: a RegExp per signal, always run. The
 * compiled form must find exactly what this finds, with the same evidence text.
 */
function referenceFind(signal: DetectionSignal, body: string, headings: string[]): string | undefined {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/#-]/g, '\\$&');
  const wordsPattern = (match: string, flags: string) => {
    const source = match.split(/\s+/).map(escape).join('[\\s_-]+');
    const end = /[\w]$/.test(match) ? '(?:e?s)?(?![\\w])' : '';
    const start = /^[\w]/.test(match) ? '(?<![\\w])' : '';
    return new RegExp(`${start}${source}${end}`, flags);
  };
  if (signal.match.startsWith('#')) {
    const words = wordsPattern(signal.match.slice(1).trim(), 'i');
    const heading = headings.find((text) => words.test(text));
    return heading === undefined ? undefined : `heading "${heading}"`;
  }
  if (/^\.[A-Za-z0-9]+$/.test(signal.match)) {
    const file = new RegExp(`[\\w@./-]*[\\w-]${escape(signal.match)}(?![\\w])`, 'i').exec(body)?.[0];
    return file === undefined ? undefined : `${signal.match} file (${file})`;
  }
  return wordsPattern(signal.match, /[A-Z]/.test(signal.match) ? '' : 'i').exec(body) ? `mentions "${signal.match}"` : undefined;
}

function compiledFind(table: DetectionTable, body: string, headings: string[]): (string | undefined)[] {
  const compiled = compileDetectionTable(table);
  const text: SignalText = { body, headings, bodyWords: keyWords({ table: compiled, texts: [body] }), headingWords: keyWords({ table: compiled, texts: headings }) };
  return compiled.agents.flatMap(({ signals }) => signals.map((signal) => findCompiledSignal({ compiled: signal, text })));
}

function referenceFindAll(table: DetectionTable, body: string, headings: string[]): (string | undefined)[] {
  return Object.values(table).flatMap((signals) => signals.map((signal) => referenceFind(signal, body, headings)));
}

// Pieces chosen to sit on every boundary the word shortcut relies on: plurals, `_` and `-`
// separators, case, punctuation inside signals, and non-ASCII letters that case folding or
// lowercasing could confuse with ASCII (Kelvin sign, dotted capital I, long s).
const PIECES = [
  'react', 'React', 'REACT', 'reacts', 'reactes', 'component', 'go', 'Go', 'gos', 'py', 'app', 'main', 'next', 'js', 'ts', 'tsx',
  'design', 'Design', 'c', 'ui', 'ux', 'UX', 'api', 'API', 's', 'es', 'e', '1', '2x',
  ' ', '  ', '\n', '\t', '_', '-', '.', '/', '#', '+', '@', '(', ')', '`', ':',
  '\u212A', 'K', 'k', '\u0130', 'I', 'i', '\u017F', '\u00E9', '\u00C9',
];
const fragment = (maxLength: number) => fc.array(fc.constantFrom(...PIECES), { maxLength }).map((parts) => parts.join(''));
const signalMatch = fc.oneof(
  fragment(4).filter((text) => text.trim().length > 0),
  fragment(3).map((text) => `#${text}`),
  fc.constantFrom('.py', '.ts', '.tsx', '.JS', '.go'),
);

describe('compiled detection signals', () => {
  it('find exactly what a RegExp per signal finds, on random signals and texts', () => {
    fc.assert(
      fc.property(fc.array(signalMatch, { minLength: 1, maxLength: 6 }), fragment(40), fc.array(fragment(8), { maxLength: 3 }), (matches, body, headings) => {
        const table: DetectionTable = { agent: matches.map((match) => ({ match, weight: 1 })) };
        expect(compiledFind(table, body, headings)).toEqual(referenceFindAll(table, body, headings));
      }),
      { numRuns: 400 },
    );
  });

  it('find exactly what a RegExp per signal finds with the built-in table, on random texts', () => {
    const words = fc.constantFrom(...Object.values(DEFAULT_DETECTION_SIGNALS).flatMap((signals) => signals.map((signal) => signal.match.replace(/^#/, ''))));
    const text = fc.array(fc.oneof(words, fc.constantFrom(...PIECES)), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 2 }), (body, headings) => {
        expect(compiledFind(DEFAULT_DETECTION_SIGNALS, body, headings)).toEqual(referenceFindAll(DEFAULT_DETECTION_SIGNALS, body, headings));
      }),
      { numRuns: 150 },
    );
  });

  it('find exactly what a RegExp per signal finds in the realistic story fixtures', () => {
    const folder = join(__dirname, '__fixtures__', 'stories');
    const files = readdirSync(folder).filter((file) => file.endsWith('.md'));
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const file of files) {
      const text = readFileSync(join(folder, file), 'utf8');
      const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]);
      const found = compiledFind(DEFAULT_DETECTION_SIGNALS, text, headings);
      expect(found).toEqual(referenceFindAll(DEFAULT_DETECTION_SIGNALS, text, headings));
      expect(found.filter(Boolean).length).toBeGreaterThan(0);
    }
  });

  it('compiles a table once and keeps the compiled form for that table', () => {
    expect(compileDetectionTable(DEFAULT_DETECTION_SIGNALS)).toBe(compileDetectionTable(DEFAULT_DETECTION_SIGNALS));
    const custom: DetectionTable = { 'rust-developer': [{ match: 'cargo test', weight: 5 }] };
    expect(compileDetectionTable(custom)).not.toBe(compileDetectionTable({ ...custom }));
  });

  it('rules a signal out by its first word, plural included, before running its pattern', () => {
    const table = compileDetectionTable({ a: [{ match: 'react component', weight: 1 }, { match: 'django', weight: 1 }, { match: '.py', weight: 1 }, { match: '++', weight: 1 }, { match: 'otlin', weight: 1 }] });
    expect(table.agents[0].signals.map((compiled) => compiled.keys)).toEqual([['react'], ['django', 'djangos', 'djangoes'], ['py'], [], ['otlin', 'otlins', 'otlines']]);
    expect(keyWords({ table, texts: ['Use React_Component in app.PY with DJANGOS, K\u212Aotlin', 'reactive pyramid'] })).toEqual(new Set(['react', 'py', 'djangos', 'otlin']));
    expect(keyWords({ table: compileDetectionTable({ a: [{ match: '++', weight: 1 }] }), texts: ['c++'] })).toEqual(new Set());
  });
});
