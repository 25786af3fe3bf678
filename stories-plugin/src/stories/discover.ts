/**
 * Finding and reading story files on disk: the thin shell around `parseStory`. A file that cannot
 * be read, is binary or is not UTF-8 becomes a problem naming it; nothing here throws on bad input.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** The file's text, or the problem that says why it is not a readable text file. */
async function readStoryText(args: { workspaceRoot: string; file: string }): Promise<string | Problem> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(args.workspaceRoot, args.file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { file: args.file, message: `cannot be read (${code})`, expected: 'a readable markdown file' };
  }
  return decodeStoryText({ file: args.file, bytes });
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
