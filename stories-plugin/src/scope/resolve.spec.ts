import { StoriesError } from '../errors';
import { nearestIds, resolveScope, type ScopeStory } from './resolve';

const stories: ScopeStory[] = [
  { id: '0.1', epicName: 'foundation' },
  ...Array.from({ length: 12 }, (_, index) => ({ id: `1.${index + 1}`, epicName: 'auth' })),
  { id: '2.1', epicName: 'profile' },
  { id: '2.2', epicName: 'profile' },
  { id: '2.3', epicName: 'profile' },
  { id: '3.1', epicName: '3' },
];

const resolve = (...expression: string[]): string[] => resolveScope({ expression, stories });

function errorOf(run: () => unknown): StoriesError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoriesError) return error;
    throw error;
  }
  throw new Error('expected a StoriesError');
}

describe('resolveScope', () => {
  it('selects every story, in numeric order, for an empty scope', () => {
    const all = resolve();
    expect(all).toHaveLength(17);
    expect(all.slice(0, 4)).toEqual(['0.1', '1.1', '1.2', '1.3']);
    expect(all.indexOf('1.10')).toBe(all.indexOf('1.9') + 1);
  });

  it('includes both ends of a range, in numeric order', () => {
    expect(resolve('1.1-1.3')).toEqual(['1.1', '1.2', '1.3']);
    expect(resolve('1.9-1.11')).toEqual(['1.9', '1.10', '1.11']);
  });

  it('spans epics with a range', () => {
    expect(resolve('1.11-2.2')).toEqual(['1.11', '1.12', '2.1', '2.2']);
  });

  it('selects lists given as words or with commas', () => {
    expect(resolve('1.5', '1.1', '1.3')).toEqual(['1.1', '1.3', '1.5']);
    expect(resolve('1.1,1.3,', '1.5')).toEqual(['1.1', '1.3', '1.5']);
  });

  it('selects an epic by slug, by name as written, or by number', () => {
    expect(resolve('epic:profile')).toEqual(['2.1', '2.2', '2.3']);
    expect(resolve('epic:Profile')).toEqual(['2.1', '2.2', '2.3']);
    expect(resolve('epic:2')).toEqual(['2.1', '2.2', '2.3']);
    expect(resolve('epic:3')).toEqual(['3.1']);
  });

  it('expands globs', () => {
    expect(resolve('2.*')).toEqual(['2.1', '2.2', '2.3']);
    expect(resolve('*.1')).toEqual(['0.1', '1.1', '2.1', '3.1']);
    expect(resolve('1.1*')).toEqual(['1.1', '1.10', '1.11', '1.12']);
  });

  it('combines terms and removes duplicates', () => {
    expect(resolve('epic:profile', '0.1', '2.2-2.3', '3.*')).toEqual(['0.1', '2.1', '2.2', '2.3', '3.1']);
  });

  it('names the nearest ids for an unknown id', () => {
    const error = errorOf(() => resolve('1.13'));
    expect(error.code).toBe('SCOPE_INVALID');
    expect(error.problems).toEqual([{ message: 'unknown story 1.13', expected: 'did you mean 1.10, 1.11 or 1.12?' }]);
    expect(error.hint).toContain('stories that exist: 0.1, 1.1-1.12, 2.1-2.3, 3.1');
  });

  it('rejects a range whose ends do not exist, naming the nearest', () => {
    const error = errorOf(() => resolve('1.1-1.20'));
    expect(error.problems[0].message).toBe('range 1.1-1.20 ends at a story that does not exist');
    expect(error.problems[0].expected).toBe('1.20: did you mean 1.10, 1.11 or 1.12?');
  });

  it('rejects an empty (reversed) range and suggests the other order', () => {
    const error = errorOf(() => resolve('1.5-1.1'));
    expect(error.problems[0]).toEqual({ message: 'range 1.5-1.1 is empty: 1.5 comes after 1.1', expected: 'did you mean 1.1-1.5?' });
  });

  it('lists the known epics for an unknown one, with a guess for a typo', () => {
    const error = errorOf(() => resolve('epic:profil'));
    expect(error.problems[0].message).toBe('unknown epic "profil"');
    expect(error.problems[0].expected).toBe('did you mean epic:profile? known epics: foundation (0), auth (1), profile (2), 3');
    expect(errorOf(() => resolve('epic:billing')).problems[0].expected).toBe('known epics: foundation (0), auth (1), profile (2), 3');
  });

  it('rejects a glob that matches nothing', () => {
    const error = errorOf(() => resolve('7.*'));
    expect(error.problems[0]).toEqual({ message: 'no story matches "7.*"', expected: 'stories that exist: 0.1, 1.1-1.12, 2.1-2.3, 3.1' });
  });

  it('reports all bad terms together and keeps the good ones out of the error', () => {
    const error = errorOf(() => resolve('1.1', '9.9', 'epic:nope'));
    expect(error.problems.map((problem) => problem.message)).toEqual(['unknown story 9.9', 'unknown epic "nope"']);
    expect(error.message).toContain('unknown story 9.9');
  });

  it('says there are no stories when there are none', () => {
    const error = errorOf(() => resolveScope({ expression: ['1.1'], stories: [] }));
    expect(error.problems[0].expected).toBe('there are no stories');
    expect(resolveScope({ expression: [], stories: [] })).toEqual([]);
  });
});

describe('nearestIds', () => {
  it('prefers the same epic, then the nearest number', () => {
    expect(nearestIds('2.7', ['1.1', '2.1', '2.5', '2.9', '3.7'])).toEqual(['2.1', '2.5', '2.9']);
    expect(nearestIds('4.1', ['1.1', '3.2', '5.1'])).toEqual(['1.1', '3.2', '5.1']);
  });
});
