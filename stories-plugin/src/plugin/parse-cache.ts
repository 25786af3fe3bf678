/**
 * Parse results kept between runs in Nx's workspace data directory, keyed by the file's path and
 * content hash, so `createNodes` re-parses only the stories that changed. The cache is only an
 * optimization: a cache that cannot be read or written is ignored, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { StoryParser } from '../stories/discover';
import { parseStory, type ParseStoryResult } from '../stories/parse';

const CACHE_FILE = 'nx-stories-parse.json';

/**
 * Nx's workspace data directory, by the same rules as nx's own `workspaceDataDirectoryForWorkspace`
 * (`nx/src/utils/cache-directory`, which nx 22's plugins import). Computed here because that module
 * is internal to nx and loads nx's native binding on import.
 */
export function workspaceDataDirectory(workspaceRoot: string): string {
  const configured = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  if (!configured) return join(workspaceRoot, '.nx', 'workspace-data');
  return isAbsolute(configured) ? configured : join(workspaceRoot, configured);
}

/** A parser backed by the on-disk cache; `save` writes back the entries used since it was opened. */
export interface CachedParser {
  parse: StoryParser;
  /** Writes the cache when something was parsed anew or entries went stale; keeps only used entries. */
  save(): void;
  /** How many files were parsed anew (not found in the cache). */
  readonly misses: number;
}

interface CacheFile {
  fingerprint: string;
  entries: Record<string, ParseStoryResult>;
}

/** Opens the parse cache of a workspace. */
export function openParseCache(workspaceRoot: string): CachedParser {
  const directory = workspaceDataDirectory(workspaceRoot);
  const path = join(directory, CACHE_FILE);
  const fingerprint = parserFingerprint();
  const stored = readCache(path, fingerprint);
  const used: Record<string, ParseStoryResult> = {};
  let misses = 0;
  return {
    parse({ file, text }) {
      const key = createHash('sha256').update(file).update('\0').update(text).digest('hex');
      const hit = stored[key];
      if (hit) return (used[key] = hit);
      misses++;
      return (used[key] = parseStory({ file, text }));
    },
    save() {
      if (misses === 0 && Object.keys(used).length === Object.keys(stored).length) return;
      try {
        mkdirSync(directory, { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify({ fingerprint, entries: used } satisfies CacheFile));
        // rename is atomic, so a concurrent reader (the daemon, another nx) sees old or new, never half.
        renameSync(temporary, path);
      } catch {
        // An unwritable cache only costs speed.
      }
    },
    get misses() {
      return misses;
    },
  };
}

function readCache(path: string, fingerprint: string): Record<string, ParseStoryResult> {
  try {
    const content = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    return content.fingerprint === fingerprint && typeof content.entries === 'object' && content.entries ? content.entries : {};
  } catch {
    return {};
  }
}

let fingerprintOfThisBuild: string | undefined;

/**
 * A hash of the story parser's own code (the modules in `stories/`), so a new plugin version, or a
 * rebuilt one during development, never reads results cached by another parser.
 */
function parserFingerprint(): string {
  if (fingerprintOfThisBuild) return fingerprintOfThisBuild;
  const hash = createHash('sha256');
  const directory = join(__dirname, '..', 'stories');
  try {
    for (const name of readdirSync(directory).filter((file) => /\.(js|ts)$/.test(file) && !/\.(spec|d)\.ts$/.test(file)).sort()) {
      hash.update(name).update('\0').update(readFileSync(join(directory, name))).update('\0');
    }
  } catch {
    hash.update(String(Date.now()));
  }
  fingerprintOfThisBuild = hash.digest('hex');
  return fingerprintOfThisBuild;
}
