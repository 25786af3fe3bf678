import { compareStoryIds, describeStoryIds, normalizeStoryId, parseStoryId, sortStoryIds } from './ids';

describe('story ids', () => {
  it('orders numerically, not as text', () => {
    expect(['2.1', '1.10', '1.9', '10.1', '1.2'].sort(compareStoryIds)).toEqual(['1.2', '1.9', '1.10', '2.1', '10.1']);
  });

  it('puts text that is not an id after the ids instead of throwing', () => {
    expect(['b', '1.1', 'a'].sort(compareStoryIds)).toEqual(['1.1', 'a', 'b']);
  });

  it('parses and normalizes ids', () => {
    expect(parseStoryId('01.010')).toEqual({ epic: 1, number: 10 });
    expect(normalizeStoryId('01.010')).toBe('1.10');
    expect(parseStoryId('1.1.1')).toBeUndefined();
    expect(parseStoryId('1-1')).toBeUndefined();
  });

  it('sorts and deduplicates', () => {
    expect(sortStoryIds(['1.10', '1.2', '1.10'])).toEqual(['1.2', '1.10']);
  });

  it('folds consecutive story numbers into ranges per epic', () => {
    expect(describeStoryIds(['1.1', '1.2', '1.3', '1.5', '2.1', '2.2', '3.4'])).toBe('1.1-1.3, 1.5, 2.1-2.2, 3.4');
    expect(describeStoryIds(['1.9', '1.10', '2.1'])).toBe('1.9-1.10, 2.1');
    expect(describeStoryIds([])).toBe('');
  });
});
