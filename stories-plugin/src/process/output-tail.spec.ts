import { createOutputCollector } from './output-tail';

const feed = (collector: ReturnType<typeof createOutputCollector>, ...chunks: string[]): string => {
  for (const chunk of chunks) collector.write(Buffer.from(chunk, 'utf8'));
  collector.end();
  return collector.text();
};

describe('createOutputCollector', () => {
  it('keeps everything below the limit, split across chunks anywhere', () => {
    const collector = createOutputCollector({ limitBytes: 100 });
    expect(feed(collector, 'ab', 'c\nde', 'f\n')).toBe('abc\ndef\n');
    expect(collector.truncated).toBe(false);
  });

  it('keeps the last bytes, starting at a whole line, once the limit is passed', () => {
    const collector = createOutputCollector({ limitBytes: 10 });
    expect(feed(collector, 'line-1\n', 'line-2\n', 'line-3\n')).toBe('line-3\n');
    expect(collector.truncated).toBe(true);
  });

  it('never returns half a UTF-8 character after cutting', () => {
    const collector = createOutputCollector({ limitBytes: 9 });
    const text = feed(collector, 'ééééé\nok\n');
    expect(text).toBe('ok\n');
  });

  it('drops the lines the filter rejects and keeps the rest in order', () => {
    const collector = createOutputCollector({ limitBytes: 100, keepLine: (line) => !line.startsWith('drop') });
    expect(feed(collector, 'keep 1\ndr', 'op this\nkeep 2\n', 'last without newline')).toBe('keep 1\nkeep 2\nlast without newline');
    expect(collector.truncated).toBe(true);
  });

  it('keeps a line too long to judge instead of holding it whole', () => {
    const collector = createOutputCollector({ limitBytes: 8, keepLine: () => false });
    const text = feed(collector, 'a'.repeat(20), 'b\n', 'dropped\n');
    expect(text).toBe(''); // the long line's tail is cut mid-line, the next line is filtered
    expect(collector.truncated).toBe(true);
    const kept = createOutputCollector({ limitBytes: 8, keepLine: (line) => line.startsWith('k') });
    expect(feed(kept, 'z'.repeat(20), '\n', 'k1\n')).toBe('k1\n');
  });
});
