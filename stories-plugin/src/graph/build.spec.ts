import { StoriesError } from '../errors';
import { compareStoryIds } from '../stories/ids';
import { parseStory } from '../stories/parse';
import type { Story } from '../stories/types';
import { analyzeStoryGraph, buildStoryGraph } from './build';
import { transitiveDependencies, transitiveDependents } from './index';
import type { GraphOptions } from './types';

/** `{ '1.2.login.md': '**Dependencies**: 1.1' }` -> parsed stories (body after a title line). */
function stories(files: Record<string, string>): Story[] {
  return Object.entries(files).map(([name, body]) => {
    const { story, problems } = parseStory({ file: `docs/stories/${name}`, text: `# Story: ${name}\n\n${body}\n` });
    if (!story || problems.length > 0) throw new Error(`bad fixture ${name}: ${JSON.stringify(problems)}`);
    return story;
  });
}

const plain: GraphOptions = { foundationDependencies: false, sameEpicOrder: false };
const defaults: GraphOptions = { foundationDependencies: true, sameEpicOrder: false };

const graphIds = (map: ReadonlyMap<string, unknown>) => [...map.keys()].sort(compareStoryIds);

function errorText(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoriesError);
    expect((error as StoriesError).code).toBe('GRAPH_INVALID');
    return (error as StoriesError).message;
  }
  throw new Error('expected GRAPH_INVALID');
}

describe('buildStoryGraph', () => {
  const sample = stories({
    '0.1.setup.md': '',
    '1.1.auth.md': '**Epic**: Auth',
    '1.2.login.md': '**Dependencies**: 1.1',
    '1.10.audit.md': '**Dependencies**: 1.2',
    '2.1.profile.md': '**Dependencies**: 1.1',
  });

  it('adds foundation dependencies by default, each edge knowing its kind', () => {
    const graph = buildStoryGraph({ stories: sample, options: defaults });
    expect(Object.fromEntries(graph.dependencies)).toEqual({
      '0.1': [],
      '1.1': [{ id: '0.1', kind: 'foundation' }],
      '1.2': [
        { id: '0.1', kind: 'foundation' },
        { id: '1.1', kind: 'explicit' },
      ],
      '1.10': [
        { id: '0.1', kind: 'foundation' },
        { id: '1.2', kind: 'explicit' },
      ],
      '2.1': [
        { id: '0.1', kind: 'foundation' },
        { id: '1.1', kind: 'explicit' },
      ],
    });
    expect(graph.byWave).toEqual([['0.1'], ['1.1'], ['1.2', '2.1'], ['1.10']]);
    expect(Object.fromEntries(graph.waves)).toEqual({ '0.1': 0, '1.1': 1, '1.2': 2, '2.1': 2, '1.10': 3 });
    expect(graph.order).toEqual(['0.1', '1.1', '1.2', '2.1', '1.10']);
    expect(Object.fromEntries(graph.dependents)).toEqual({ '0.1': ['1.1', '1.2', '1.10', '2.1'], '1.1': ['1.2', '2.1'], '1.2': ['1.10'], '1.10': [], '2.1': [] });
  });

  it('leaves foundation out when the option is off, and orders same-epic stories when asked', () => {
    const graph = buildStoryGraph({ stories: sample, options: { foundationDependencies: false, sameEpicOrder: true } });
    expect(graph.dependencies.get('1.1')).toEqual([]);
    expect(graph.dependencies.get('1.10')).toEqual([{ id: '1.2', kind: 'explicit' }]);
    expect(graph.dependencies.get('1.2')).toEqual([{ id: '1.1', kind: 'explicit' }]);
    const ordered = buildStoryGraph({ stories: stories({ '1.1.a.md': '', '1.2.b.md': '', '1.10.c.md': '' }), options: { ...plain, sameEpicOrder: true } });
    expect(ordered.dependencies.get('1.10')).toEqual([{ id: '1.2', kind: 'same-epic' }]);
    expect(ordered.byWave).toEqual([['1.1'], ['1.2'], ['1.10']]);
  });

  it('resolves epic names across stories of one epic', () => {
    const graph = buildStoryGraph({ stories: sample, options: defaults });
    expect(graph.stories.map((story) => [story.id, story.epicName])).toEqual([
      ['0.1', '0'],
      ['1.1', 'auth'],
      ['1.2', 'auth'],
      ['1.10', 'auth'],
      ['2.1', '2'],
    ]);
  });

  it('lists transitive dependencies and dependents', () => {
    const graph = buildStoryGraph({ stories: sample, options: plain });
    expect(transitiveDependents(graph, '1.1')).toEqual(['1.2', '1.10', '2.1']);
    expect(transitiveDependencies(graph, '1.10')).toEqual(['1.1', '1.2']);
    expect(transitiveDependencies(graph, '1.1')).toEqual([]);
  });

  it('hashes a story over its content and, transitively, its dependencies', () => {
    const base = buildStoryGraph({ stories: sample, options: defaults }).storyHashes;
    const edited = sample.map((story) => (story.id === '1.1' ? { ...story, contentHash: 'f'.repeat(64) } : story));
    const after = buildStoryGraph({ stories: edited, options: defaults }).storyHashes;
    const changed = graphIds(base).filter((id) => base.get(id) !== after.get(id));
    expect(changed).toEqual(['1.1', '1.2', '1.10', '2.1']);
    expect(base.get('1.1')).toMatch(/^[0-9a-f]{64}$/);
    const reordered = buildStoryGraph({ stories: [...sample].reverse(), options: defaults }).storyHashes;
    expect(Object.fromEntries(reordered)).toEqual(Object.fromEntries(base));
  });
});

describe('buildStoryGraph: problems, all at once', () => {
  it('reports unknown ids with a suggestion, self-dependencies, duplicates and cycles together', () => {
    const message = errorText(() =>
      buildStoryGraph({
        stories: stories({
          '1.1.a.md': '**Dependencies**: 1.1',
          '1.2.b.md': '**Dependencies**: 1.3',
          '1.3.c.md': '**Dependencies**: 1.2',
          '1.8.d.md': '',
          '2.1.e.md': '**Dependencies**: 1.9',
          '2.1.story.md': '',
          '3.1.f.md': '**Dependencies**: 7.7',
        }),
        options: plain,
        problems: [{ file: 'docs/stories/0.9.md', line: 2, message: 'front matter is not valid YAML: bad' }],
      }),
    );
    expect(message).toBe(
      [
        'nx-stories: 6 problems in the story files:',
        '  - docs/stories/0.9.md:2: front matter is not valid YAML: bad',
        '  - docs/stories/1.1.a.md:3: story 1.1 depends on itself (remove it from its own dependencies)',
        '  - docs/stories/1.2.b.md:3: dependency cycle: 1.2 -> 1.3 -> 1.2 (remove one of these dependencies to break the cycle)',
        '  - docs/stories/2.1.e.md:3: unknown dependency "1.9" (did you mean 1.8?)',
        '  - docs/stories/2.1.story.md: duplicate id 2.1: docs/stories/2.1.e.md and docs/stories/2.1.story.md (one file per story id; rename or merge one of them)',
        '  - docs/stories/3.1.f.md:3: unknown dependency "7.7" (stories that exist: 1.1, 1.2, 1.3, 1.8, 2.1, 3.1)',
      ].join('\n'),
    );
  });

  it('explains cycles that go through implicit dependencies', () => {
    const message = errorText(() => buildStoryGraph({ stories: stories({ '0.1.a.md': '**Dependencies**: 1.1', '1.1.b.md': '' }), options: defaults }));
    expect(message).toContain(
      'docs/stories/0.1.a.md:3: dependency cycle: 0.1 -> 1.1 -> 0.1 (1.1 -> 0.1 is a foundation dependency (option foundationDependencies: every story of epic > 0 depends on epic 0); remove a dependency to break the cycle)',
    );
  });

  it('finds the short cycle inside a larger cycle group', () => {
    const { problems } = analyzeStoryGraph({
      stories: stories({ '1.1.a.md': '**Dependencies**: 1.2', '1.2.b.md': '**Dependencies**: 1.3, 1.1', '1.3.c.md': '**Dependencies**: 1.1' }),
      options: plain,
    });
    expect(problems.map((problem) => problem.message)).toEqual(['dependency cycle: 1.1 -> 1.2 -> 1.1']);
  });

  it('reports two names for one epic number', () => {
    const message = errorText(() => buildStoryGraph({ stories: stories({ '1.1.a.md': '**Epic**: Auth', '1.2.b.md': '**Epic**: Login' }), options: plain }));
    expect(message).toContain('docs/stories/1.2.b.md:3: epic 1 is named "login" here but "auth" in docs/stories/1.1.a.md (one name per epic number)');
  });

  it('handles long chains without deep recursion', () => {
    const chain = Array.from({ length: 3000 }, (_, index) => [`1.${index + 1}.s.md`, index === 0 ? '' : `**Dependencies**: 1.${index}`]);
    const graph = buildStoryGraph({ stories: stories(Object.fromEntries(chain)), options: plain });
    expect(graph.waves.get('1.3000')).toBe(2999);
  });
});
