import { contentHash, normalizeStoryText } from './hash';

const original = [
  '---',
  'title: Login',
  'status: Draft',
  'test: npm test',
  '---',
  '# Story 1.2: Login',
  '',
  '**Status**: Draft',
  '**Dependencies**: 1.1',
  '',
  '## Acceptance Criteria',
  '- Users can log in',
  '',
  '## Tasks / Subtasks',
  '- [ ] Build the form',
  '  - [ ] Validate input',
  '',
].join('\n');

const edits: Record<string, (text: string) => string> = {
  'appending a review': (text) => `${text}\n## Review\n\n### Round 1: Approved\n\nReviewer: bot, 2025-01-01\n\n- fine\n`,
  'ticking boxes': (text) => text.replace(/\[ \]/g, '[x]').replace('[x] Validate', '[X] Validate'),
  'changing the status everywhere': (text) => text.replace('status: Draft', 'status: Done').replace('**Status**: Draft', '**Status**: Done'),
  'adding a ## Status section': (text) => text.replace('## Acceptance', '## Status\n\nInProgress\n\n## Acceptance'),
  'adding BMAD agent sections': (text) =>
    `${text}\n## Dev Agent Record\n\n### Agent Model Used\n\nx\n\n## QA Results\n\nPASS\n\n## Change Log\n\n| Date | Change |\n`,
  'CRLF line endings': (text) => text.replace(/\n/g, '\r\n'),
  'trailing whitespace and blank lines': (text) => text.replace('1.2: Login\n', '1.2: Login   \n\n\n').concat('\n\n\n'),
};

const changes: Record<string, (text: string) => string> = {
  'the title': (text) => text.replace('title: Login', 'title: Sign in'),
  'the heading': (text) => text.replace('# Story 1.2: Login', '# Story 1.2: Sign in'),
  'an acceptance criterion': (text) => text.replace('Users can log in', 'Users can log in with SSO'),
  'the dependencies': (text) => text.replace('**Dependencies**: 1.1', '**Dependencies**: 1.1, 0.1'),
  'the test command': (text) => text.replace('test: npm test', 'test: npm run e2e'),
  'a task text': (text) => text.replace('Build the form', 'Build the page'),
};

describe('contentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(contentHash(original)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(Object.keys(edits))('ignores %s', (name) => {
    expect(contentHash(edits[name](original))).toBe(contentHash(original));
  });

  it('ignores all run edits at once', () => {
    const edited = Object.values(edits).reduce((text, edit) => edit(text), original);
    expect(contentHash(edited)).toBe(contentHash(original));
  });

  it.each(Object.keys(changes))('changes when %s changes', (name) => {
    expect(contentHash(changes[name](original))).not.toBe(contentHash(original));
  });

  it('keeps what follows a run-written section', () => {
    const withReview = original.replace('## Tasks', '## Review\n\n- ok\n\n## Tasks');
    expect(normalizeStoryText(withReview)).toBe(normalizeStoryText(original));
    expect(normalizeStoryText(withReview)).toContain('- [ ] Validate input');
  });

  it('leaves code fences alone', () => {
    const fence = '```md\n## Review\n- [x] example\n```\n';
    expect(normalizeStoryText(`# T\n\n${fence}`)).toBe(`# T\n\n${fence}`);
  });
});
