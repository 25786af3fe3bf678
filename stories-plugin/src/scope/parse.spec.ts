import { StoriesError } from '../errors';
import { globToRegExp, parseScope } from './parse';

function errorOf(run: () => unknown): StoriesError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoriesError) return error;
    throw error;
  }
  throw new Error('expected a StoriesError');
}

describe('parseScope', () => {
  it('reads nothing as no terms (every story)', () => {
    expect(parseScope([])).toEqual([]);
    expect(parseScope(['', ' , '])).toEqual([]);
  });

  it('reads ids, ranges, epics and globs, split by words and commas', () => {
    expect(parseScope(['1.1,1.3', '1.5-2.02', 'epic:auth', '1.*']).map((term) => term.kind)).toEqual([
      'id',
      'id',
      'range',
      'epic',
      'glob',
    ]);
    expect(parseScope(['1.5-2.02'])[0]).toEqual({ kind: 'range', from: '1.5', to: '2.2', text: '1.5-2.02' });
    expect(parseScope(['EPIC:Auth'])[0]).toEqual({ kind: 'epic', epic: 'Auth', text: 'EPIC:Auth' });
  });

  it('normalizes ids', () => {
    expect(parseScope(['01.010'])[0]).toEqual({ kind: 'id', id: '1.10', text: '01.010' });
  });

  it('reports every malformed term at once with what was expected', () => {
    const error = errorOf(() => parseScope(['1', '1.1-x', 'epic:', 'a*', '1.1-1.2-1.3']));
    expect(error.code).toBe('SCOPE_INVALID');
    expect(error.problems.map((problem) => problem.message)).toEqual([
      '"1" is not a scope term',
      '"1.1-x" is not a scope term',
      '"epic:" is not a scope term',
      '"a*" is not a scope term',
      '"1.1-1.2-1.3" is not a scope term',
    ]);
    expect(error.problems[1].expected).toContain('1.1-1.5');
    expect(error.hint).toContain('epic:auth');
  });
});

describe('globToRegExp', () => {
  it('treats * as any text and ? as one character, dots literally', () => {
    expect(globToRegExp('1.*').test('1.10')).toBe(true);
    expect(globToRegExp('1.*').test('11.1')).toBe(false);
    expect(globToRegExp('*.1').test('12.1')).toBe(true);
    expect(globToRegExp('*.1').test('1.11')).toBe(false);
    expect(globToRegExp('1.?').test('1.10')).toBe(false);
    expect(globToRegExp('1.1*').test('1.12')).toBe(true);
  });
});
