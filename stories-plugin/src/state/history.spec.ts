import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, TempDir } from '../testing/temp-dir';
import { appendHistory, HistoryEntry, readHistory } from './history';

const entry = (revision: number): HistoryEntry => ({
  time: 't',
  story: '1.2',
  from: 'Not Started',
  to: 'In Progress',
  event: 'START',
  reason: 'go',
  revision,
});

describe('history.jsonl', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'history.jsonl');
  });
  afterEach(() => dir.cleanup());

  it('appends one line per entry and reads them back in order', () => {
    expect(readHistory({ file, display: 'h' })).toEqual([]);
    appendHistory({ file, entry: entry(1) });
    appendHistory({ file, entry: entry(2) });
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(readHistory({ file, display: 'h' }).map((e) => e.revision)).toEqual([1, 2]);
  });

  it('skips a line cut short by a killed writer and keeps the next one whole', () => {
    appendHistory({ file, entry: entry(1) });
    appendFileSync(file, '{"time":"t","story":"1.');
    appendHistory({ file, entry: entry(3) });
    expect(readHistory({ file, display: 'h' }).map((e) => e.revision)).toEqual([1, 3]);
  });

  it('reports any other unreadable line with its number', () => {
    writeFileSync(file, `${JSON.stringify(entry(1))}\n{"oops"}\n`);
    expect(() => readHistory({ file, display: '.agent-orchestration/history.jsonl' })).toThrow(
      expect.objectContaining({ code: 'STATE_CORRUPT', message: '.agent-orchestration/history.jsonl:2: not a JSON history line' }),
    );
  });
});
