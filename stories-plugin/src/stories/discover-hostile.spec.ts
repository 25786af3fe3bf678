import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { readStories } from './discover';

describe('reading story files that are being rewritten or point elsewhere', () => {
  let dir: TempDir;
  let outside: TempDir;
  beforeEach(() => {
    dir = tempDir('nx-stories-discover-');
    outside = tempDir('nx-stories-outside-');
  });
  afterEach(() => {
    dir.cleanup();
    outside.cleanup();
  });

  it('waits out a file that a checkout is replacing (briefly gone, then empty, then written)', async () => {
    const file = 'docs/stories/1.1.a.md';
    dir.write({ [file]: '' });
    rmSync(join(dir.path, file));
    setTimeout(() => writeFileSync(join(dir.path, file), ''), 20);
    setTimeout(() => writeFileSync(join(dir.path, file), '# Story 1.1: Rewritten\n'), 60);
    const read = await readStories({ workspaceRoot: dir.path, files: [file] });
    expect(read.problems).toEqual([]);
    expect(read.stories.map((story) => story.title)).toEqual(['Rewritten']);
  });

  it('drops a listed file that is gone for good, without a problem', async () => {
    const read = await readStories({ workspaceRoot: dir.path, files: ['docs/stories/1.1.deleted.md'] });
    expect(read).toMatchObject({ stories: [], problems: [] });
  });

  it('reports a story file that is a symbolic link to a file outside the workspace', async () => {
    writeFileSync(join(outside.path, 'x.md'), '# Story 1.1: Elsewhere\n');
    dir.write({ 'docs/stories/inside.md': '# Story 1.2: Inside\n' });
    symlinkSync(join(outside.path, 'x.md'), join(dir.path, 'docs/stories/1.1.elsewhere.md'));
    symlinkSync('inside.md', join(dir.path, 'docs/stories/1.2.inside.md'));
    const read = await readStories({ workspaceRoot: dir.path, files: ['docs/stories/1.1.elsewhere.md', 'docs/stories/1.2.inside.md'] });
    expect(read.problems).toEqual([
      { file: 'docs/stories/1.1.elsewhere.md', message: `is a symbolic link to ${join(outside.path, 'x.md')}, outside the workspace`, expected: 'a story file inside the workspace' },
    ]);
    expect(read.stories.map((story) => story.id)).toEqual(['1.2']);
  });
});
