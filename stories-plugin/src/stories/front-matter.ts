/**
 * YAML front matter of a story, read with gray-matter. Every scalar is read as text (YAML's
 * failsafe schema), so `id: 1.10` stays `1.10` instead of becoming the number 1.1, and
 * `dependencies: 5` reaches the parser as `"5"`, where it is reported as not being an id.
 */
import { dirname } from 'node:path';
import matter from 'gray-matter';
import type { Problem } from '../errors';
import { frontMatterRange } from './markdown';

/** The subset of js-yaml (3.x) that this module uses. */
interface YamlModule {
  safeLoad(text: string, options: { schema: unknown }): unknown;
  FAILSAFE_SCHEMA: unknown;
}

interface YamlError {
  name: string;
  reason?: string;
  mark?: { line: number };
}

// The YAML parser gray-matter itself parses with, resolved from gray-matter's own location so the
// two always agree and nx-stories needs no second YAML dependency.
const yaml: YamlModule = require(require.resolve('js-yaml', { paths: [dirname(require.resolve('gray-matter'))] }));
const failsafeEngine = { yaml: (text: string) => yaml.safeLoad(text, { schema: yaml.FAILSAFE_SCHEMA }) as object };

/** What the front matter of one story says. */
export interface FrontMatter {
  /** Top-level keys; scalars are strings, lists are arrays; `{}` when there is no front matter. */
  data: Record<string, unknown>;
  /** 1-based line of each top-level key, for messages. */
  keyLines: Record<string, number>;
  /** 0-based index of the first body line (after the closing `---`). */
  bodyStart: number;
  problems: Problem[];
}

/** Reads the front matter of `lines` (the file text split into lines); never throws on bad YAML. */
export function readFrontMatter(args: { file: string; text: string; lines: readonly string[] }): FrontMatter {
  const { file, text, lines } = args;
  const range = frontMatterRange(lines);
  if (!range) {
    if (/^(?:\uFEFF)?---\s*$/.test(lines[0] ?? '')) {
      const problem = { file, line: 1, message: 'front matter is opened with --- but never closed', expected: 'a line --- after the YAML' };
      return { data: {}, keyLines: {}, bodyStart: 1, problems: [problem] };
    }
    return { data: {}, keyLines: {}, bodyStart: 0, problems: [] };
  }
  const keyLines: Record<string, number> = {};
  for (let index = 1; index < range.end; index++) {
    const key = /^([A-Za-z_][\w-]*)[ \t]*:/.exec(lines[index]);
    if (key && keyLines[key[1]] === undefined) keyLines[key[1]] = index + 1;
  }
  const base = { keyLines, bodyStart: range.end + 1 };
  let data: unknown;
  try {
    data = matter(text, { engines: failsafeEngine }).data;
  } catch (error) {
    const yamlError = error as YamlError;
    if (yamlError.name !== 'YAMLException') throw error;
    // The YAML text starts right after the opening `---`, on file line 2, and js-yaml counts from 0
    // at the newline that ends line 1.
    const line = yamlError.mark ? Math.min(yamlError.mark.line + 1, range.end + 1) : 1;
    const problem = { file, line, message: `front matter is not valid YAML: ${yamlError.reason ?? 'syntax error'}`, expected: 'YAML such as "dependencies: [1.1, 1.2]"' };
    return { ...base, data: {}, problems: [problem] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const problem = { file, line: 2, message: 'front matter is not a mapping of fields', expected: 'lines such as "title: Login" and "dependencies: [1.1]"' };
    return { ...base, data: {}, problems: [problem] };
  }
  return { ...base, data: data as Record<string, unknown>, problems: [] };
}
