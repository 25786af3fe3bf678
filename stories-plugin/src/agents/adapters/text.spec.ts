import { parseJsonLines } from './json-lines';
import { lastMeaningfulLines, shorten, stripAnsi } from './text';

describe('CLI output helpers', () => {
  it('parses JSON lines and sets aside the rest', () => {
    expect(parseJsonLines('{"type":"a"}\n\nnot json\n[1]\n{"type":"b"}')).toEqual({
      events: [{ type: 'a' }, { type: 'b' }],
      malformed: ['not json', '[1]'],
    });
  });

  it('keeps the lines that explain a failure, without colours, stack frames or cosmetic warnings', () => {
    const stderr = '\u001b[31mWarning: 256-color support not detected.\u001b[0m\nError: boom\n    at main (x.js:1:1)\nNode.js v20.20.2\n';
    expect(lastMeaningfulLines(stderr)).toBe('Error: boom');
    expect(lastMeaningfulLines('a\nb\nc', 2)).toBe('b / c');
    expect(lastMeaningfulLines(undefined)).toBe('');
  });

  it('shortens and flattens', () => {
    expect(shorten('a\n\n b   c', 10)).toBe('a b c');
    expect(shorten('x'.repeat(20), 10)).toBe('xxxxxxx...');
    expect(stripAnsi('\u001b[1mbold\u001b[22m')).toBe('bold');
  });
});
