import { compareStoryIds, normalizeStoryId, parseStoryFileName, slugify, sortStoryIds } from './ids';

describe('story ids', () => {
  it('orders ids numerically, non-ids last', () => {
    expect(['2.1', '1.10', 'x', '1.9', '10.1', '1.2'].sort(compareStoryIds)).toEqual(['1.2', '1.9', '1.10', '2.1', '10.1', 'x']);
    expect(sortStoryIds(['1.2', '1.1', '1.2'])).toEqual(['1.1', '1.2']);
  });

  it('normalizes spellings of an id', () => {
    expect(normalizeStoryId(' 01.010 ')).toBe('1.10');
    expect(normalizeStoryId('1')).toBeUndefined();
    expect(normalizeStoryId('1.1.1')).toBeUndefined();
  });

  it('reads ids and slugs from file names', () => {
    expect(parseStoryFileName('docs/stories/1.1.md')).toEqual({ id: '1.1', epic: 1, number: 1, slug: '' });
    expect(parseStoryFileName('1.10.story.md')?.id).toBe('1.10');
    expect(parseStoryFileName('3-12-big-thing.story.md')).toEqual({ id: '3.12', epic: 3, number: 12, slug: 'big-thing' });
    expect(parseStoryFileName('1.1.user-story.md')?.slug).toBe('user-story');
    expect(parseStoryFileName('1.1.txt')).toBeUndefined();
  });

  it('makes slugs safe for branch names', () => {
    expect(slugify('Café: Save GPS Location! (v2)')).toBe('cafe-save-gps-location-v2');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('x'.repeat(100))).toHaveLength(60);
  });
});
