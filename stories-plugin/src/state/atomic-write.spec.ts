import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, TempDir } from '../testing/temp-dir';
import { cleanStrayTempFiles, isTempFileName, writeFileAtomic } from './atomic-write';

describe('atomic writes', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('replaces the file and leaves no temp file behind', () => {
    const path = join(dir.path, 'story-1.2.json');
    writeFileAtomic({ path, content: 'one' });
    writeFileAtomic({ path, content: 'two' });
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(dir.path)).toEqual(['story-1.2.json']);
  });

  it('removes temp files of gone or long-abandoned writers only', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    const names = {
      dead: `.story-1.2.json.${gone}.aa11.tmp`,
      live: `.story-1.3.json.${process.pid}.bb22.tmp`,
      old: `.story-1.4.json.${process.pid}.cc33.tmp`,
    };
    for (const name of [...Object.values(names), 'story-1.2.json', 'notes.tmp']) writeFileSync(join(dir.path, name), '{');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir.path, names.old), hourAgo, hourAgo);
    expect(isTempFileName(names.dead)).toBe(true);
    expect(cleanStrayTempFiles({ dir: dir.path }).sort()).toEqual([names.dead, names.old].sort());
    expect(readdirSync(dir.path).sort()).toEqual([names.live, 'notes.tmp', 'story-1.2.json'].sort());
    expect(cleanStrayTempFiles({ dir: join(dir.path, 'missing') })).toEqual([]);
  });
});
