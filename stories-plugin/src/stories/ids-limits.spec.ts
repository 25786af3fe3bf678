import { idsInItem } from './dependencies';
import { compareStoryIds, MAX_ID_PART_DIGITS, normalizeStoryId, parseStoryFileName } from './ids';
import { parseStory } from './parse';

describe('ids with many digits', () => {
  const longest = '9'.repeat(MAX_ID_PART_DIGITS);

  it('keeps ids exact up to the limit, leading zeros aside', () => {
    expect(normalizeStoryId(`${longest}.000${longest}`)).toBe(`${longest}.${longest}`);
    expect(compareStoryIds(`1.${longest}`, `1.${longest.slice(1)}8`)).toBeGreaterThan(0);
  });

  it('is no id beyond it, instead of a silently rounded one', () => {
    expect(normalizeStoryId('12345678901234567890.1')).toBeUndefined();
    expect(parseStoryFileName('docs/stories/12345678901234567890.1.x.md')).toBeUndefined();
    expect(idsInItem('12345678901234567890.1')).toBeUndefined();
    expect(parseStory({ file: 'docs/stories/1.1.a.md', text: '**Dependencies**: 1.12345678901234567890\n' }).problems).toEqual([
      expect.objectContaining({ line: 1, message: 'dependency "1.12345678901234567890" is not a story id' }),
    ]);
  });
});
