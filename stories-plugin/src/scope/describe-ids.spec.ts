import { describeStoryIds } from './describe-ids';

describe('describeStoryIds', () => {
  it('folds consecutive story numbers into ranges per epic, in numeric order', () => {
    expect(describeStoryIds(['1.5', '1.1', '1.2', '1.3', '2.1', '2.2', '3.4'])).toBe('1.1-1.3, 1.5, 2.1-2.2, 3.4');
    expect(describeStoryIds(['1.10', '1.9', '2.1'])).toBe('1.9-1.10, 2.1');
    expect(describeStoryIds([])).toBe('');
  });
});
