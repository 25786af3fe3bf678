import { parseStory } from './parse';
import { formatProblem } from '../errors';

const parse = (file: string, text: string) => parseStory({ file: `docs/stories/${file}`, text });
const story = (file: string, text: string) => {
  const result = parse(file, text);
  expect(result.problems.map(formatProblem)).toEqual([]);
  if (!result.story) throw new Error(`no story for ${file}`);
  return result.story;
};
const problems = (file: string, text: string) => parse(file, text).problems.map(formatProblem);

describe('parseStory: file names', () => {
  it.each([
    ['1.1.user-authentication.md', '1.1', 'user-authentication'],
    ['1.1.story.md', '1.1', 'login'],
    ['2.1-save-gps-location.story.md', '2.1', 'save-gps-location'],
    ['5.10-final-polish.md', '5.10', 'final-polish'],
    ['1-1-slug.md', '1.1', 'slug'],
    ['01.02.md', '1.2', 'login'],
  ])('%s -> id %s, slug %s', (file, id, slug) => {
    const parsed = story(file, '# Story: Login\n');
    expect([parsed.id, parsed.slug]).toEqual([id, slug]);
    expect([parsed.epic, parsed.number]).toEqual(id.split('.').map(Number));
  });

  it.each(['README.md', 'epic-1.md', 'TEA-BUILTIN-004.1.md', '10.md'])('%s is not a story', (file) => {
    expect(parse(file, '# Story 1.1: X\n')).toEqual({ problems: [] });
  });

  it('lets the id in front matter win over the file name, keeping 1.10 as written', () => {
    expect(story('1.1.x.md', '---\nid: 1.10\n---\n').id).toBe('1.10');
    expect(story('1.1.x.md', '---\nstory_id: "2.3"\n---\n').id).toBe('2.3');
  });
});

describe('parseStory: the seed format', () => {
  const seed = [
    '# Story 1.2: Login form',
    '',
    '**Epic**: Auth',
    '**Dependencies**: 0.1, 1.1',
    '',
    '## Acceptance Criteria',
    '- Users can log in',
    '- Wrong passwords are refused,',
    '  with a message',
    '1. Numbered items count too',
    '',
    '## Notes',
    '- not a criterion',
  ].join('\n');

  it('reads title, epic, dependencies and acceptance criteria', () => {
    const parsed = story('1.2.login-form.md', seed);
    expect(parsed).toMatchObject({
      id: '1.2',
      title: 'Login form',
      epicName: 'auth',
      declaredEpicName: 'auth',
      dependencies: ['0.1', '1.1'],
      acceptanceCriteria: ['Users can log in', 'Wrong passwords are refused, with a message', 'Numbered items count too'],
      file: 'docs/stories/1.2.login-form.md',
      lines: { title: 1, epic: 3, dependencies: 4 },
    });
    expect(parsed.status).toBeUndefined();
    expect(parsed.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['**Dependencies:** 1.1', ['1.1']],
    ['Dependencies: none', []],
    ['**Dependencies**: None', []],
    ['**Dependencies**: N/A', []],
    ['- **Dependencies**: Story 1.1 (auth); 1.3', ['1.1', '1.3']],
    ['**Depends on**: 1.1', ['1.1']],
    ['**Dependencies:**\n\n- 1.1\n- Story 1.3 (auth)\n- a Stripe account', ['1.1', '1.3']],
    ['## Dependencies\n\n- 1.1\n- Story 1.3 (auth)\n- Needs Node 20.1 installed\n\n## Next', ['1.1', '1.3']],
    ['### Dependencies\n\nThis story MUST be completed after:\n- ✅ Story 1.1: Validate Staging', ['1.1']],
    ['**Dependencies**: 1.1\n\n```\n**Dependencies**: 9.9\n```', ['1.1']],
  ])('reads %j', (markdown, dependencies) => {
    expect(story('1.4.x.md', `# T\n\n${markdown}\n`).dependencies).toEqual(dependencies);
  });

  it('reports a dependency that is not an id, with its line', () => {
    expect(problems('1.4.x.md', '# T\n\n**Dependencies**: 1.1, the auth story\n')).toEqual([
      'docs/stories/1.4.x.md:3: dependency "the auth story" is not a story id (ids such as 1.1 or "Story 1.1", separated by commas, or "none")',
    ]);
  });

  it('falls back from the heading to the slug to the id for the title', () => {
    expect(story('1.1.x.md', '# 1.1 Sign up\n').title).toBe('Sign up');
    expect(story('1.1.user-login.md', 'no heading\n').title).toBe('user-login');
    expect(story('1.1.story.md', '').title).toBe('Story 1.1');
    expect(story('1.1.story.md', '').slug).toBe('story-1-1');
  });

  it('drops a leading "Epic N:" and slugs the epic name', () => {
    expect(story('1.1.x.md', '**Epic:** Epic 1: Foundation & Setup\n').epicName).toBe('foundation-setup');
    expect(story('1.1.x.md', '**Epic**: 1\n')).toMatchObject({ epicName: '1', declaredEpicName: undefined });
  });

  it('takes the epic name from the body when front matter gives only the number', () => {
    expect(story('3.1.x.md', '---\nepic: 3\n---\n**Epic**: Payments\n')).toMatchObject({ epicName: 'payments', lines: { epic: 4 } });
  });

  it('reports an epic number that contradicts the id', () => {
    expect(problems('2.1.x.md', '---\nepic: 3\n---\n')).toEqual([
      "docs/stories/2.1.x.md:2: epic 3 does not match the story id's epic 2 (epic 2, or an epic name)",
    ]);
  });
});

describe('parseStory: front matter', () => {
  it('reads every field, front matter winning over the body', () => {
    const parsed = story(
      '3.1.x.md',
      [
        '---',
        'title: From front matter',
        'epic: Payments',
        'dependencies: [1.1, "2.10"]',
        'status: in-progress',
        'agent: python-developer',
        'test: npm test -- payments',
        '---',
        '# Story 3.1: From heading',
        '**Dependencies**: 9.9',
        '**Epic**: Other',
      ].join('\n'),
    );
    expect(parsed).toMatchObject({
      title: 'From front matter',
      epicName: 'payments',
      dependencies: ['1.1', '2.10'],
      status: 'In Progress',
      rawStatus: 'in-progress',
      agent: 'python-developer',
      test: 'npm test -- payments',
      lines: { title: 2, epic: 3, dependencies: 4, status: 5, agent: 6 },
    });
  });

  it.each([
    ['dependencies: "0.1, 1.1"', ['0.1', '1.1']],
    ['dependencies:\n  - 1.1\n  - Story 1.2 (auth)', ['1.1', '1.2']],
    ['dependencies: []', []],
    ['dependencies: none', []],
  ])('reads %j', (yaml, dependencies) => {
    expect(story('3.1.x.md', `---\n${yaml}\n---\n`).dependencies).toEqual(dependencies);
  });

  it('turns wrong types into problems, not crashes', () => {
    expect(problems('3.1.x.md', '---\ndependencies: 5\ntitle: [a, b]\nagent: "rm -rf /"\n---\n')).toEqual([
      'docs/stories/3.1.x.md:3: front matter "title" is not a text (a single value such as "title: ...")',
      'docs/stories/3.1.x.md:2: dependency "5" is not a story id (ids such as 1.1 or "Story 1.1", separated by commas, or "none")',
      'docs/stories/3.1.x.md:4: agent "rm -rf /" is not an agent name (letters, digits, ".", "_" and "-", e.g. python-developer)',
    ]);
    expect(problems('3.1.x.md', '---\ndependencies: {a: 1}\n---\n')).toEqual([
      'docs/stories/3.1.x.md:2: front matter "dependencies" is neither a list nor a text (a list such as [1.1, 1.2] or a text such as "1.1, 1.2")',
    ]);
    expect(problems('3.1.x.md', '---\n- a\n---\n')).toEqual([
      'docs/stories/3.1.x.md:2: front matter is not a mapping of fields (lines such as "title: Login" and "dependencies: [1.1]")',
    ]);
  });

  it('reports YAML errors with the line in the file and still reads the body', () => {
    const result = parse('3.1.x.md', '---\ntitle: ok\nfoo: : bar\n---\n# Story 3.1: Still here\n**Dependencies**: 1.1\n');
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^docs\/stories\/3\.1\.x\.md:3: front matter is not valid YAML: /),
    ]);
    expect(result.story).toMatchObject({ title: 'Still here', dependencies: ['1.1'] });
  });

  it('reports front matter that is never closed', () => {
    expect(problems('3.1.x.md', '---\ntitle: x\n# T\n')).toEqual([
      'docs/stories/3.1.x.md:1: front matter is opened with --- but never closed (a line --- after the YAML)',
    ]);
  });
});

describe('parseStory: status', () => {
  it.each([
    ['**Status**: Draft', 'Not Started'],
    ['**Status:** Approved', 'Not Started'],
    ['Status: ready-for-dev', 'Not Started'],
    ['**Status**: InProgress', 'In Progress'],
    ['**Status**: Review', 'Ready for Review'],
    ['**Status:** Done', 'Merged'],
    ['## Status\n\nDone\n\n## Story', 'Merged'],
    ['## Status\n\ndone (merged 2025-01-02)', 'Merged'],
    ['## Status\n\nReady for Review', 'Ready for Review'],
    ['**Status**: Changes Requested', 'Changes Requested'],
  ])('%j -> %s', (markdown, status) => {
    expect(story('1.1.x.md', `# Story 1.1: T\n\n${markdown}\n`).status).toBe(status);
  });

  it('ignores status lines the run wrote into agent sections', () => {
    const text = '# T\n\n## Dev Agent Record\n\nStatus: Done\nAgent: other\n**Dependencies**: 9.9\n';
    expect(story('1.1.x.md', text)).toMatchObject({ status: undefined, agent: undefined, dependencies: [] });
  });

  it('reports a status nobody uses', () => {
    expect(problems('1.1.x.md', '# T\n\n**Status**: Sleeping\n')).toEqual([
      expect.stringMatching(/^docs\/stories\/1\.1\.x\.md:3: unknown status "Sleeping" \(Draft, Approved/),
    ]);
  });
});

describe('parseStory: a BMAD v4 story', () => {
  const bmad = [
    '# Story 2.1: Save GPS location',
    '',
    '## Status',
    '',
    'Done',
    '',
    '## Story',
    '',
    '**As a** hiker,',
    '**I want** my position saved,',
    '**so that** I can find my way back.',
    '',
    '## Acceptance Criteria',
    '',
    '1. The position is saved every minute',
    '2. Saved positions survive a restart',
    '',
    '## Tasks / Subtasks',
    '',
    '- [x] Task 1 (AC: 1)',
    '  - [x] Subtask 1.1',
    '',
    '## Dev Notes',
    '',
    '### Dependencies',
    '',
    '- Story 1.1 (auth)',
    '',
    '## Dev Agent Record',
    '',
    '### Agent Model Used',
    '',
    'claude-sonnet-4-5',
    '',
    '## QA Results',
    '',
    '### Review Date: 2025-01-12',
    '',
    'Gate: PASS',
  ].join('\r\n');

  it('reads status, title, criteria and dependencies', () => {
    expect(story('2.1-save-gps-location.story.md', bmad)).toMatchObject({
      id: '2.1',
      slug: 'save-gps-location',
      title: 'Save GPS location',
      status: 'Merged',
      rawStatus: 'Done',
      dependencies: ['1.1'],
      acceptanceCriteria: ['The position is saved every minute', 'Saved positions survive a restart'],
      lines: { status: 5, dependencies: 27 },
    });
  });
});

describe('parseStory: titles', () => {
  it.each([
    ['# Story 1.1: Sign up', 'Sign up'],
    ['# Story 1-1 - Sign up', 'Sign up'],
    ['# Story: Sign up', 'Sign up'],
    ['# Story points calculator', 'Story points calculator'],
    ['# **Sign up**', 'Sign up'],
  ])('%j -> %s', (heading, title) => {
    expect(story('1.1.x.md', `${heading}\n`).title).toBe(title);
  });
});
