import { buildMergeMessage, oneLine, parseMergedStoryLog, storyIdGrepPattern, validateStoryHash } from './merge-message';

describe('merge message', () => {
  it('ends with the Story-Id and Story-Hash trailers', () => {
    const message = buildMergeMessage({ storyId: '1.2', storyHash: 'abc123', title: 'Login', branch: 'story/1.2-login', baseBranch: 'main' });
    expect(message).toBe("Merge story 1.2: Login\n\nMerge branch 'story/1.2-login' into main.\n\nStory-Id: 1.2\nStory-Hash: abc123\n");
  });

  it('cannot be forged by a title', () => {
    const message = buildMergeMessage({ storyId: '1.2', storyHash: 'h', title: 'x\n\nStory-Id: 9.9\nStory-Hash: evil', branch: 'b', baseBranch: 'main' });
    expect(message.split('\n')[0]).toBe('Merge story 1.2: x Story-Id: 9.9 Story-Hash: evil');
    expect(message.endsWith('Story-Id: 1.2\nStory-Hash: h\n')).toBe(true);
    expect(oneLine('a'.repeat(500)).length).toBe(200);
  });

  it.each(['', 'a b', 'a\nStory-Id: 1', '-x', 'x'.repeat(201)])('rejects the hash %j', (hash) => {
    expect(() => validateStoryHash(hash)).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
  });

  it('parses the log format, last trailer wins, incomplete records skipped', () => {
    const output = 'c1\x1f1.2\x1fh1\x1e\nc2\x1f1.2,1.3\x1fh0,h2\x1e\nc3\x1f\x1fh3\x1e\n';
    expect(parseMergedStoryLog(output)).toEqual([
      { commit: 'c1', storyId: '1.2', storyHash: 'h1' },
      { commit: 'c2', storyId: '1.3', storyHash: 'h2' },
    ]);
  });

  it('greps exactly one id (1.1 is not 1.10 or 101)', () => {
    const pattern = new RegExp(storyIdGrepPattern('1.1'), 'm');
    expect(pattern.test('x\nStory-Id: 1.1\ny')).toBe(true);
    expect(pattern.test('Story-Id: 1.10')).toBe(false);
    expect(pattern.test('Story-Id: 101')).toBe(false);
  });
});
