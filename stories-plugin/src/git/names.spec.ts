import { join } from 'node:path';
import {
  assertInsideWorktrees, assertStoryBranch, attemptBranchName, formatTimestamp, parseWorktreeDirName, safeName, slugify, storyBranchName,
  storyWorktreePath, validateStoryId, worktreeDirName,
} from './names';

const NOW = new Date(Date.UTC(2025, 0, 12, 14, 30, 22, 999));
const ROOT = '/repo';

describe('story ids', () => {
  it.each(['1.1', '0.1', '5.10', '12.345'])('accepts %s', (id) => expect(validateStoryId(id)).toBe(id));
  it.each(['1', '1.', '.1', '1.1.1', '1.a', '../1.1', '1.1 ', ' 1.1', '1.1;rm -rf /', '-1.1', '１.１', `${'9'.repeat(20)}.1`, ''])(
    'rejects %j with PATH_UNSAFE',
    (id) => expect(() => validateStoryId(id)).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' })),
  );
});

describe('safe names', () => {
  it('keeps names that are already safe', () => {
    expect(safeName({ value: 'react-developer', what: 'agent', maxLength: 40 })).toBe('react-developer');
  });
  it.each([
    ['User Authentication', 'user-authentication'],
    ['../../etc/passwd', 'etc-passwd'],
    [';rm -rf ~', 'rm-rf'],
    ['-x', 'x'],
    ['--force', 'force'],
    ['Café Déjà-vu', 'cafe-deja-vu'],
    ['a@{b}', 'a-b'],
    ['x.lock', 'x-lock'],
    ['HEAD', 'head'],
    ['tab\there\nnewline', 'tab-here-newline'],
  ])('slugifies %j to %j', (value, expected) => expect(safeName({ value, what: 'slug', maxLength: 60 })).toBe(expected));
  it('bounds the length and never ends in a dash', () => {
    const long = safeName({ value: `${'ab-'.repeat(100)}`, what: 'slug', maxLength: 10 });
    expect(long.length).toBeLessThanOrEqual(10);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(safeName({ value: 'a'.repeat(500), what: 'slug', maxLength: 60 })).toBe('a'.repeat(60));
  });
  it.each(['', '../', '!!!', '日本語', '---', '@{'])('rejects %j, which leaves nothing usable', (value) => {
    expect(() => safeName({ value, what: 'agent name', maxLength: 40 })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
  });
  it('slugify drops accents and collapses separators', () => expect(slugify('  Ünïcode -- Title!  ', 60)).toBe('unicode-title'));
});

describe('branch names', () => {
  it('builds story/<id>-<slug>', () => expect(storyBranchName({ storyId: '1.10', slug: 'user-auth' })).toBe('story/1.10-user-auth'));
  it('slugifies hostile slugs into valid refs', () => {
    expect(storyBranchName({ storyId: '2.1', slug: 'a..b@{c}.lock' })).toBe('story/2.1-a-b-c-lock');
    expect(storyBranchName({ storyId: '2.1', slug: '-x' })).toBe('story/2.1-x');
  });
  it('rejects hostile ids', () => {
    expect(() => storyBranchName({ storyId: '1.1/../..', slug: 'x' })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
  });
  it('names attempt branches and only for story branches', () => {
    expect(attemptBranchName({ branch: 'story/1.1-a', attempt: 2 })).toBe('story/1.1-a-attempt-2');
    expect(() => attemptBranchName({ branch: 'main', attempt: 1 })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
    expect(() => attemptBranchName({ branch: 'story/1.1-a', attempt: 0 })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
    expect(() => assertStoryBranch('story/../x')).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
  });
});

describe('worktree paths', () => {
  it('formats the UTC timestamp', () => expect(formatTimestamp(NOW)).toBe('20250112-143022'));
  it('rejects an invalid date', () => expect(() => formatTimestamp(new Date('nope'))).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' })));
  it('builds the contract name and parses it back', () => {
    const name = worktreeDirName({ agent: 'python-developer', storyId: '1.1', now: NOW });
    expect(name).toBe('agent-python-developer-1.1-20250112-143022');
    expect(parseWorktreeDirName(name)).toEqual({ agent: 'python-developer', storyId: '1.1', timestamp: '20250112-143022' });
    expect(parseWorktreeDirName('agent-x-1.1')).toBeUndefined();
    expect(storyWorktreePath({ repoRoot: ROOT, agent: '../../evil', storyId: '1.1', now: NOW })).toBe(
      join(ROOT, '.worktrees', 'agent-evil-1.1-20250112-143022'),
    );
  });
  it.each(['../x', '..', '.', '', 'a/b', '/etc', '/repo/.worktrees/../x', '/repo/other/.worktrees/a'])(
    'refuses %j as a worktree path',
    (path) => expect(() => assertInsideWorktrees({ repoRoot: ROOT, path })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' })),
  );
  it('accepts direct children of .worktrees, relative or absolute', () => {
    expect(assertInsideWorktrees({ repoRoot: ROOT, path: 'agent-a-1.1-20250112-143022' })).toBe('/repo/.worktrees/agent-a-1.1-20250112-143022');
    expect(assertInsideWorktrees({ repoRoot: ROOT, path: '/repo/.worktrees/x' })).toBe('/repo/.worktrees/x');
  });
  it('requires an absolute repository root', () => {
    expect(() => assertInsideWorktrees({ repoRoot: 'repo', path: 'x' })).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
  });
});
