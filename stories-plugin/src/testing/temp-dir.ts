import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real folder on disk for a test; `write` lays out files, `cleanup` removes it. */
export interface TempDir {
  path: string;
  /** Writes `{ 'docs/stories/1.1.a.md': '...' }` relative to the folder, creating parents. */
  write(files: Record<string, string>): void;
  cleanup(): void;
}

/** Creates a fresh temp folder (real path, so git and Nx agree on it). */
export function tempDir(prefix = 'nx-stories-'): TempDir {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return {
    path,
    write(files) {
      for (const [name, content] of Object.entries(files)) {
        const full = join(path, name);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    },
    cleanup() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}
