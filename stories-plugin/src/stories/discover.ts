/**
 * Finding and reading story files on disk: the thin shell around `parseStory`. A file that cannot
 * be read, is binary or is not UTF-8 becomes a problem naming it; nothing here throws on bad input.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import fg from 'fast-glob';
import type { Problem } from '../errors';
import { compareStoryIds, isStoryFileName } from './ids';
import { parseStory, type ParseStoryResult } from './parse';
import type { Story } from './types';

/** Stories read from disk, in id order, with every problem found and the text of each file. */
export interface DiscoveredStories {
  stories: Story[];
  problems: Problem[];
  /** Workspace-relative story file -> its text (only files that could be read). */
  texts: Map<string, string>;
}

/** A parser with `parseStory`'s signature (the Nx plugin passes a caching one). */
export type StoryParser = (args: { file: string; text: string }) => ParseStoryResult;

/**
 * The workspace-relative files matching `glob` whose names start with a story id, sorted.
 * Dot folders (`.worktrees/`) and `node_modules` are never searched.
 */
export async function findStoryFiles(args: { workspaceRoot: string; glob: string }): Promise<string[]> {
  const files = await fg(args.glob, { cwd: args.workspaceRoot, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'] });
  return files.filter(isStoryFileName).sort();
}

/** Finds the story files matching `glob` under `workspaceRoot` and parses each one once. */
export async function discoverStories(args: { workspaceRoot: string; glob: string; parse?: StoryParser }): Promise<DiscoveredStories> {
  const files = await findStoryFiles(args);
  return readStories({ workspaceRoot: args.workspaceRoot, files, parse: args.parse });
}

/** Reads and parses the given workspace-relative story files (names that are not stories skipped). */
export async function readStories(args: { workspaceRoot: string; files: readonly string[]; parse?: StoryParser }): Promise<DiscoveredStories> {
  const parse = args.parse ?? parseStory;
  const files = args.files.filter(isStoryFileName);
  const contents = await Promise.all(files.map((file) => readStoryText({ workspaceRoot: args.workspaceRoot, file })));
  const result: DiscoveredStories = { stories: [], problems: [], texts: new Map() };
  files.forEach((file, index) => {
    const content = contents[index];
    if (content === undefined) return;
    if (typeof content !== 'string') {
      result.problems.push(content);
      return;
    }
    result.texts.set(file, content);
    const parsed = parse({ file, text: content });
    result.problems.push(...parsed.problems);
    if (parsed.story) result.stories.push(parsed.story);
  });
  result.stories.sort((a, b) => compareStoryIds(a.id, b.id) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return result;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Pauses before looking again at a story file that is missing or empty. A merge into the checked-out
 * base rewrites story files the way git checks files out (unlink, create, write), so a task
 * reading the folder meanwhile can find one gone or empty for a moment.
 */
const REWRITE_RETRY_DELAYS_MS = [5, 10, 20, 40, 80, 160, 320];

/** A problem when the file is a symbolic link resolving outside the workspace (the run would write into it). */
async function linkOutsideWorkspace(args: { workspaceRoot: string; file: string }): Promise<Problem | undefined> {
  try {
    if (!(await lstat(join(args.workspaceRoot, args.file))).isSymbolicLink()) return undefined;
    const [target, root] = await Promise.all([realpath(join(args.workspaceRoot, args.file)), realpath(args.workspaceRoot)]);
    const rel = relative(root, target);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return undefined;
    return { file: args.file, message: `is a symbolic link to ${target}, outside the workspace`, expected: 'a story file inside the workspace' };
  } catch {
    return undefined; // gone or dangling: reading it reports that
  }
}

/** The file's text, the problem that says why it is not a readable text file, or undefined when it is gone. */
async function readStoryText(args: { workspaceRoot: string; file: string }): Promise<string | Problem | undefined> {
  const outside = await linkOutsideWorkspace(args);
  if (outside) return outside;
  for (let attempt = 0; ; attempt++) {
    const retry = attempt < REWRITE_RETRY_DELAYS_MS.length;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(args.workspaceRoot, args.file));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (code !== 'ENOENT') return { file: args.file, message: `cannot be read (${code})`, expected: 'a readable markdown file' };
      if (!retry) return undefined; // deleted since the folder was listed: not a story any more
      await new Promise((done) => setTimeout(done, REWRITE_RETRY_DELAYS_MS[attempt]));
      continue;
    }
    if (bytes.length === 0 && retry) {
      await new Promise((done) => setTimeout(done, REWRITE_RETRY_DELAYS_MS[attempt]));
      continue;
    }
    return decodeStoryText({ file: args.file, bytes });
  }
}

/** Decodes a story file's bytes; binary or non-UTF-8 content is a problem naming the file. */
export function decodeStoryText(args: { file: string; bytes: Uint8Array }): string | Problem {
  if (args.bytes.includes(0)) {
    return { file: args.file, message: 'is a binary file, not markdown', expected: 'a UTF-8 markdown text file' };
  }
  try {
    return utf8.decode(args.bytes);
  } catch {
    return { file: args.file, message: 'is not valid UTF-8 text', expected: 'a UTF-8 markdown text file (re-save it as UTF-8)' };
  }
}
