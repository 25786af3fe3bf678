/**
 * The little markdown structure the story parser and the story hash need: lines, which of them sit
 * inside code fences, ATX headings, and the sections those headings open. Headings count only at
 * column 0 and outside fences, so an example inside a code block never opens a section.
 */

/** One `#`-heading of the document. */
export interface Heading {
  /** 0-based line index. */
  index: number;
  /** 1 for `#`, 2 for `##`, ... */
  level: number;
  /** The heading text without the `#`s and without closing `#`s. */
  text: string;
}

/** A heading and the lines it owns: up to the next heading of the same or a higher level. */
export interface Section {
  heading: Heading;
  /** 0-based index of the first line after the heading. */
  start: number;
  /** 0-based index one past the last line of the section. */
  end: number;
}

/** Splits text into lines, accepting LF and CRLF. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** For each line, whether it belongs to a fenced code block (the fence lines included). */
export function fencedLines(lines: readonly string[]): boolean[] {
  const fenced: boolean[] = [];
  let open: string | undefined;
  for (const line of lines) {
    const match = FENCE.exec(line);
    if (open === undefined) {
      if (match) open = match[1];
      fenced.push(open !== undefined);
    } else {
      fenced.push(true);
      if (match && match[1][0] === open[0] && match[1].length >= open.length && line.trim() === match[1]) open = undefined;
    }
  }
  return fenced;
}

/**
 * The opening fence (```` ``` ````, `~~~~`) of a code block still open after the last line, or
 * undefined when every fence is closed. Markdown runs such a block to the end of the file, so
 * anything appended after it would be code, not a section.
 */
export function openFenceAtEnd(lines: readonly string[]): string | undefined {
  let open: string | undefined;
  for (const line of lines) {
    const match = FENCE.exec(line);
    if (open === undefined) {
      if (match) open = match[1];
    } else if (match && match[1][0] === open[0] && match[1].length >= open.length && line.trim() === match[1]) {
      open = undefined;
    }
  }
  return open;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

/** Every heading outside code fences, in document order. */
export function headings(lines: readonly string[]): Heading[] {
  const fenced = fencedLines(lines);
  const found: Heading[] = [];
  lines.forEach((line, index) => {
    if (fenced[index]) return;
    const match = HEADING.exec(line);
    if (match) found.push({ index, level: match[1].length, text: match[2].trim() });
  });
  return found;
}

/**
 * The sections whose heading satisfies `accept`, each ending where a heading of the same or a
 * higher level starts (or at the end of the document).
 */
export function sections(lines: readonly string[], accept: (heading: Heading) => boolean): Section[] {
  const all = headings(lines);
  return all.flatMap((heading, position) => {
    if (!accept(heading)) return [];
    const next = all.slice(position + 1).find((other) => other.level <= heading.level);
    return [{ heading, start: heading.index + 1, end: next ? next.index : lines.length }];
  });
}

/** A heading matcher: the given level range and a case-insensitive name, ignoring trailing colons. */
export function headingNamed(names: readonly string[], levels: readonly number[] = [2]): (heading: Heading) => boolean {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return (heading) => levels.includes(heading.level) && wanted.has(plainText(heading.text).replace(/:$/, '').toLowerCase());
}

/** Strips the inline markup that story authors wrap values in: `**x**`, `__x__`, `` `x` ``, `*x*`. */
export function plainText(text: string): string {
  return text
    .replace(/\*\*|__|`/g, '')
    .replace(/(^|\s)\*(\S[^*]*)\*(?=\s|$)/g, '$1$2')
    .trim();
}

/** One list item: its text (continuation lines joined) and the 0-based line where it starts. */
export interface ListItem {
  text: string;
  index: number;
}

const LIST_ITEM = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;

/**
 * The top-level list items between `start` and `end` (outside fences). Lines indented under an
 * item continue it; nested lists are folded into their parent's text.
 */
export function listItems(lines: readonly string[], start: number, end: number): ListItem[] {
  const fenced = fencedLines(lines);
  const items: ListItem[] = [];
  let baseIndent: number | undefined;
  for (let index = start; index < end; index++) {
    if (fenced[index]) continue;
    const line = lines[index];
    const match = LIST_ITEM.exec(line);
    if (match && (baseIndent === undefined || match[1].length <= baseIndent)) {
      baseIndent = match[1].length;
      items.push({ text: match[2].trim(), index });
    } else if (items.length > 0 && line.trim() !== '' && /^\s/.test(line)) {
      const last = items[items.length - 1];
      last.text = `${last.text} ${(match ? match[2] : line).trim()}`;
    }
  }
  return items;
}

/**
 * A matcher for `Name: value` field lines in any of the spellings authors use: `**Name**: value`,
 * `**Name:** value`, `Name: value`, `- **Name**: value`. Group 1 is the name, group 2 the value.
 */
export function fieldLinePattern(names: readonly string[]): RegExp {
  const alternatives = names.map((name) => name.replace(/ /g, '[ \\t]+')).join('|');
  return new RegExp(`^[ \\t]*(?:[-*+][ \\t]+)?(?:\\*\\*|__)?(${alternatives})(?:\\*\\*|__)?[ \\t]*:[ \\t]*(?:\\*\\*|__)?[ \\t]*(.*?)[ \\t]*$`, 'i');
}

/**
 * Where YAML front matter sits, by gray-matter's rules: a first line `---` (optionally followed by a
 * language name) and the next line that starts with `---`. `end` is the closing line's index.
 * Undefined when the document has no (closed) front matter.
 */
export function frontMatterRange(lines: readonly string[]): { end: number } | undefined {
  if (lines.length === 0 || !/^(?:\uFEFF)?---(?!-)\s*\w*\s*$/.test(lines[0])) return undefined;
  const end = lines.findIndex((line, index) => index > 0 && line.startsWith('---'));
  return end > 0 ? { end } : undefined;
}
