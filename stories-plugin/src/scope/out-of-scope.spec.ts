import { decideOutOfScope, findOutOfScope, parseOutOfScopeChoice, renderOutOfScopeWarning } from './out-of-scope';

// 1.4 <- 1.5 <- 2.3 <- 2.4, and 2.5 is independent; 1.1 is what 1.4 needs.
const dependencies: Record<string, string[]> = {
  '1.1': [],
  '1.4': ['1.1'],
  '1.5': ['1.4'],
  '2.3': ['1.5'],
  '2.4': ['2.3'],
  '2.5': [],
};

describe('findOutOfScope', () => {
  it('finds nothing when every dependency is in scope or merged', () => {
    expect(findOutOfScope({ scope: ['2.3', '2.4'], dependencies, merged: ['1.5', '1.4', '1.1'] })).toEqual({
      missing: [],
      expandWith: [],
      skip: [],
    });
    expect(findOutOfScope({ scope: ['1.1', '1.4', '1.5', '2.3'], dependencies, merged: [] }).missing).toEqual([]);
  });

  it('follows dependencies of dependencies until a merged story', () => {
    const finding = findOutOfScope({ scope: ['2.3', '2.5'], dependencies, merged: new Set(['1.1']) });
    expect(finding.missing).toEqual([
      { storyId: '2.3', dependencyId: '1.5', via: [] },
      { storyId: '2.3', dependencyId: '1.4', via: ['1.5'] },
    ]);
    expect(finding.expandWith).toEqual(['1.4', '1.5']);
    expect(finding.skip).toEqual(['2.3']);
  });

  it('skips the stories in scope that need a missing story through other stories in scope', () => {
    const finding = findOutOfScope({ scope: ['2.4', '2.3', '2.5'], dependencies, merged: ['1.4', '1.1'] });
    expect(finding.missing).toEqual([{ storyId: '2.3', dependencyId: '1.5', via: [] }]);
    expect(finding.skip).toEqual(['2.3', '2.4']);
  });

  it('does not loop on a cycle', () => {
    const cyclic = { '1.1': ['1.2'], '1.2': ['1.1'], '2.1': ['1.1'] };
    expect(findOutOfScope({ scope: ['2.1'], dependencies: cyclic, merged: [] }).expandWith).toEqual(['1.1', '1.2']);
  });

  it('treats stories missing from the dependency map as having no dependencies', () => {
    expect(findOutOfScope({ scope: ['9.9'], dependencies, merged: [] }).missing).toEqual([]);
  });
});

describe('decideOutOfScope', () => {
  const input = { scope: ['2.4', '2.3', '2.5'], dependencies, merged: ['1.1'] };

  it('expands the scope by the missing stories, transitively', () => {
    expect(decideOutOfScope({ ...input, decision: 'expand' })).toEqual({
      action: 'run',
      scope: ['1.4', '1.5', '2.3', '2.4', '2.5'],
      added: ['1.4', '1.5'],
      skipped: [],
    });
  });

  it('skips the dependent stories and keeps the independent ones', () => {
    expect(decideOutOfScope({ ...input, decision: 'skip' })).toEqual({ action: 'run', scope: ['2.5'], added: [], skipped: ['2.3', '2.4'] });
  });

  it('cancels and says why', () => {
    const outcome = decideOutOfScope({ ...input, decision: 'cancel' });
    expect(outcome.action).toBe('cancel');
    expect(outcome.action === 'cancel' && outcome.missing.map((entry) => entry.dependencyId)).toEqual(['1.5', '1.4']);
  });

  it('runs the scope unchanged when nothing is missing, whatever the decision', () => {
    expect(decideOutOfScope({ scope: ['2.5'], dependencies, merged: [], decision: 'cancel' })).toEqual({
      action: 'run',
      scope: ['2.5'],
      added: [],
      skipped: [],
    });
  });
});

describe('renderOutOfScopeWarning', () => {
  it('prints the spec text for one missing dependency', () => {
    const finding = findOutOfScope({ scope: ['2.3'], dependencies, merged: ['1.4', '1.1'] });
    expect(renderOutOfScopeWarning({ finding })).toBe(
      [
        '⚠️ Out-of-Scope Dependency Detected',
        '',
        'Story 2.3 depends on story 1.5, which is not in the current scope.',
        '',
        'Options:',
        '1. Expand scope to include 1.5',
        '2. Skip story 2.3 for now',
        '3. Cancel orchestration',
        '',
        'Enter your choice (1-3): ',
      ].join('\n'),
    );
  });

  it('names transitive dependencies and every skipped story', () => {
    const finding = findOutOfScope({ scope: ['2.3', '2.4'], dependencies, merged: [] });
    const text = renderOutOfScopeWarning({ finding, prompt: false });
    expect(text).toContain('⚠️ Out-of-Scope Dependencies Detected');
    expect(text).toContain('Story 2.3 depends on story 1.1 (through 1.5 and 1.4), which is not in the current scope.');
    expect(text).toContain('1. Expand scope to include 1.1, 1.4 and 1.5');
    expect(text).toContain('2. Skip stories 2.3 and 2.4 for now');
    expect(text).toContain('--on-out-of-scope expand|skip|cancel');
    expect(text).not.toContain('Enter your choice');
  });
});

describe('parseOutOfScopeChoice', () => {
  it('reads numbers and words, and nothing else', () => {
    expect(['1', ' 2 ', '3', 'Expand', 's', 'cancel'].map(parseOutOfScopeChoice)).toEqual(['expand', 'skip', 'cancel', 'expand', 'skip', 'cancel']);
    expect(parseOutOfScopeChoice('4')).toBeUndefined();
    expect(parseOutOfScopeChoice('constructor')).toBeUndefined();
  });
});
