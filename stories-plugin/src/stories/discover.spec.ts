import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../errors';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { decodeStoryText, discoverStories } from './discover';

describe('discoverStories', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it('finds story files, skips other names, and orders ids numerically', async () => {
    dir.write({
      'docs/stories/README.md': '# Stories\n',
      'docs/stories/epic-1.md': '# Epic 1\n',
      'docs/stories/2.1-save-gps-location.story.md': '# Story 2.1: GPS\n',
      'docs/stories/1.10.md': '# Story 1.10: Ten\n',
      'docs/stories/1.9.md': '# Story 1.9: Nine\n',
      'docs/stories/1-2-two.md': '# Story 1.2: Two\n',
      'docs/stories/nested/1.3.md': '# not matched by the glob\n',
      '.worktrees/agent-x/docs/stories/1.1.md': '# a copy in a worktree\n',
    });
    const found = await discoverStories({ workspaceRoot: dir.path, glob: 'docs/stories/*.md' });
    expect(found.stories.map((story) => story.id)).toEqual(['1.2', '1.9', '1.10', '2.1']);
    expect(found.problems).toEqual([]);
    expect([...found.texts.keys()].sort()).toEqual([
      'docs/stories/1-2-two.md',
      'docs/stories/1.10.md',
      'docs/stories/1.9.md',
      'docs/stories/2.1-save-gps-location.story.md',
    ]);
  });

  it('reports binary and non-UTF-8 files by name and keeps going', async () => {
    dir.write({ 'docs/stories/1.1.md': '# Story 1.1: Fine\n' });
    writeFileSync(join(dir.path, 'docs/stories/1.2.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x41]));
    writeFileSync(join(dir.path, 'docs/stories/1.3.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const found = await discoverStories({ workspaceRoot: dir.path, glob: 'docs/stories/*.md' });
    expect(found.stories.map((story) => story.id)).toEqual(['1.1']);
    expect(found.problems.map(formatProblem)).toEqual([
      'docs/stories/1.2.md: is not valid UTF-8 text (a UTF-8 markdown text file (re-save it as UTF-8))',
      'docs/stories/1.3.md: is a binary file, not markdown (a UTF-8 markdown text file)',
    ]);
  });

  it('uses the parser it is given', async () => {
    dir.write({ 'docs/stories/1.1.md': '# Story 1.1: Fine\n' });
    const seen: string[] = [];
    await discoverStories({
      workspaceRoot: dir.path,
      glob: 'docs/stories/*.md',
      parse: ({ file }) => {
        seen.push(file);
        return { problems: [] };
      },
    });
    expect(seen).toEqual(['docs/stories/1.1.md']);
  });
});

describe('decodeStoryText', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeStoryText({ file: 'a.md', bytes: Buffer.from('\uFEFF# Café\n', 'utf8') })).toBe('# Café\n');
  });
});
