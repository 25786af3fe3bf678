import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceStories } from '../plugin/workspace-stories';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { sharedWorkspaceReader } from './shared-workspace';

describe('one reading of the stories shared by a batch', () => {
  let dir: TempDir;
  let reads: number;
  const file = 'docs/stories/1.1.a.md';
  const past = new Date(Date.now() - 60_000);
  const readStories = async (): Promise<WorkspaceStories> => {
    reads += 1;
    return { texts: new Map([[file, 'text']]) } as unknown as WorkspaceStories;
  };

  beforeEach(() => {
    dir = tempDir();
    dir.write({ [file]: '# Story 1.1: A\n' });
    utimesSync(join(dir.path, file), past, past);
    reads = 0;
  });
  afterEach(() => dir.cleanup());

  it('reads once while no story file changes, and concurrent callers share the reading', async () => {
    const read = sharedWorkspaceReader({ workspaceRoot: dir.path, read: readStories });
    await Promise.all([read(), read(), read()]);
    await read();
    expect(reads).toBe(1);
  });

  it('reads again after a story file changed', async () => {
    const read = sharedWorkspaceReader({ workspaceRoot: dir.path, read: readStories });
    await read();
    const later = new Date(Date.now() - 30_000);
    dir.write({ [file]: '# Story 1.1: A\n\n## Review\n' });
    utimesSync(join(dir.path, file), later, later);
    await read();
    await read();
    expect(reads).toBe(2);
  });

  it('does not keep a reading of a file changed just before or while it was read', async () => {
    const read = sharedWorkspaceReader({ workspaceRoot: dir.path, read: readStories });
    dir.write({ [file]: '# Story 1.1: A (edited now)\n' });
    await read();
    await read();
    expect(reads).toBe(2);
  });
});
