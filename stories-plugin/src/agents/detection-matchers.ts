/**
 * The detection signals compiled for fast scoring. Pure (the cache below only remembers results).
 *
 * Inference scores every story against every signal, so at thousands of stories building a RegExp
 * per signal per story and running each over the whole text dominated `nx show projects`. Here each
 * table is compiled once: its RegExps, a `key` word per signal, and one pattern of all the keys.
 * One pass of that pattern finds which keys a story's text contains as whole words; a signal whose
 * key is absent cannot match, and only the few that remain run their RegExp, the same RegExp as
 * before, so results and evidence are unchanged.
 *
 * Why a key is a necessary condition: a signal's first ASCII alphanumeric run (`react` in
 * `react component`, `py` in `.py`) is bounded in every match by characters that are not ASCII
 * letters or digits (the pattern's `(?<![\w])`, a separator, a literal non-alphanumeric
 * character, or the end `(?:e?s)?(?![\w])`), so it appears in the text as a whole alphanumeric
 * word, plural allowed when it ends the signal. Without the `u` flag, case-insensitive matching
 * never pairs a non-ASCII character with an ASCII one, so lowercasing ASCII words is exact.
 */
import type { DetectionSignal, DetectionTable } from './detection-signals';

/** A signal ready to test: its pattern and the words one of which the text must contain. */
export interface CompiledSignal {
  signal: DetectionSignal;
  kind: 'heading' | 'file' | 'words';
  pattern: RegExp;
  /** Lowercase words, one of which must be among the text's words; empty: no shortcut, always test. */
  keys: readonly string[];
}

/** A table compiled: each agent with its signals, in the table's order, and the pattern of all keys. */
export interface CompiledTable {
  agents: readonly { agent: string; signals: readonly CompiledSignal[] }[];
  /** Any key as a whole ASCII alphanumeric word, any case; undefined when no signal has a key. */
  keyPattern?: RegExp;
}

/** The text a signal is looked for in: the body, its headings, and the keys each contains (`keyWords`). */
export interface SignalText {
  body: string;
  headings: readonly string[];
  bodyWords: ReadonlySet<string>;
  headingWords: ReadonlySet<string>;
}

const FILE_EXTENSION = /^\.[A-Za-z0-9]+$/;

// Tables are immutable and few (the built-in one, and one per `detection` option), so compiling
// each once per process and keeping it as long as the table lives is both safe and bounded.
const compiledTables = new WeakMap<DetectionTable, CompiledTable>();

/** The compiled form of `table`, built on first use and reused for the table's lifetime. */
export function compileDetectionTable(table: DetectionTable): CompiledTable {
  let compiled = compiledTables.get(table);
  if (!compiled) {
    const agents = Object.entries(table).map(([agent, signals]) => ({ agent, signals: signals.map(compileSignal) }));
    compiled = { agents, keyPattern: keyPattern(agents.flatMap(({ signals }) => signals.flatMap((signal) => signal.keys))) };
    compiledTables.set(table, compiled);
  }
  return compiled;
}

/** The keys of `table` that `texts` contain as whole words, lowercase. */
export function keyWords(args: { table: CompiledTable; texts: readonly string[] }): Set<string> {
  const found = new Set<string>();
  if (!args.table.keyPattern) return found;
  for (const text of args.texts) {
    for (const word of text.match(args.table.keyPattern) ?? []) found.add(word.toLowerCase());
  }
  return found;
}

/**
 * Keys are ASCII letters and digits and the pattern only matches whole alphanumeric runs, so its
 * matches never overlap and a global `match` finds every key present. Cheaper than collecting
 * every word of the text (a third of the time at 5,000 stories).
 */
function keyPattern(keys: readonly string[]): RegExp | undefined {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return undefined;
  return new RegExp(`(?<![A-Za-z0-9])(?:${unique.join('|')})(?![A-Za-z0-9])`, 'gi');
}

/** Where `compiled` occurs in `text`, in words for the evidence; undefined when it does not. */
export function findCompiledSignal(args: { compiled: CompiledSignal; text: SignalText }): string | undefined {
  const { compiled, text } = args;
  const { signal, pattern, keys } = compiled;
  if (compiled.kind === 'heading') {
    if (!hasAnyKey(keys, text.headingWords)) return undefined;
    const heading = text.headings.find((candidate) => pattern.test(candidate));
    return heading === undefined ? undefined : `heading "${heading}"`;
  }
  if (!hasAnyKey(keys, text.bodyWords)) return undefined;
  if (compiled.kind === 'file') {
    const file = pattern.exec(text.body)?.[0];
    return file === undefined ? undefined : `${signal.match} file (${file})`;
  }
  return pattern.test(text.body) ? `mentions "${signal.match}"` : undefined;
}

function hasAnyKey(keys: readonly string[], words: ReadonlySet<string>): boolean {
  return keys.length === 0 || keys.some((key) => words.has(key));
}

function compileSignal(signal: DetectionSignal): CompiledSignal {
  if (signal.match.startsWith('#')) {
    const words = signal.match.slice(1).trim();
    return { signal, kind: 'heading', pattern: wordsPattern(words, 'i'), keys: wordKeys(words) };
  }
  if (FILE_EXTENSION.test(signal.match)) {
    // The extension follows a `.` and ends the match: it is a whole word of the text.
    return { signal, kind: 'file', pattern: new RegExp(`[\\w@./-]*[\\w-]${escape(signal.match)}(?![\\w])`, 'i'), keys: [signal.match.slice(1).toLowerCase()] };
  }
  return { signal, kind: 'words', pattern: wordsPattern(signal.match, /[A-Z]/.test(signal.match) ? '' : 'i'), keys: wordKeys(signal.match) };
}

/** The words of the text one of which any match of `wordsPattern(match)` contains (see the file comment). */
function wordKeys(match: string): string[] {
  const first = /[A-Za-z0-9]+/.exec(match);
  if (!first) return [];
  const key = first[0].toLowerCase();
  const endsTheSignal = first.index + first[0].length === match.length;
  return endsTheSignal ? [key, `${key}s`, `${key}es`] : [key];
}

/** A signal as a stand-alone word or phrase; spaces match any run of spaces, `-` or `_`. */
function wordsPattern(match: string, flags: string): RegExp {
  const source = match
    .split(/\s+/)
    .map(escape)
    .join('[\\s_-]+');
  const end = /[\w]$/.test(match) ? '(?:e?s)?(?![\\w])' : '';
  const start = /^[\w]/.test(match) ? '(?<![\\w])' : '';
  return new RegExp(`${start}${source}${end}`, flags);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/#-]/g, '\\$&');
}
