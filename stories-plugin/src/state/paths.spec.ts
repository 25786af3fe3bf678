import { assertStoryId, statePaths, storyIdOfFile } from './paths';

describe('state paths', () => {
  it.each(['1.2', '0.1', '10.11'])('accepts the story id %s', (id) => {
    expect(() => assertStoryId(id)).not.toThrow();
  });

  it.each(['../1.2', '1.2/../../x', '1', '1.2.3', '', ' 1.2', '1.2\n', '1.x', '-1.2', 12, null])(
    'refuses %j with PATH_UNSAFE',
    (id) => {
      expect(() => assertStoryId(id)).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
    },
  );

  it('builds every story path from a checked id only', () => {
    const paths = statePaths({ workspaceRoot: '/ws' });
    expect(paths.storyFile('1.2')).toBe('/ws/.agent-orchestration/story-1.2.json');
    expect(paths.storyLock('1.2')).toBe('/ws/.agent-orchestration/locks/story-1.2.lock');
    expect(paths.logDir('1.2')).toBe('/ws/.agent-orchestration/logs/1.2');
    expect(paths.display(paths.storyFile('1.2'))).toBe('.agent-orchestration/story-1.2.json');
    for (const build of [paths.storyFile, paths.storyLock, paths.logDir]) {
      expect(() => build('../../etc/passwd')).toThrow(expect.objectContaining({ code: 'PATH_UNSAFE' }));
    }
  });

  it('recognizes story state files only', () => {
    expect(storyIdOfFile('story-1.10.json')).toBe('1.10');
    expect(storyIdOfFile('.story-1.10.json.123.ab.tmp')).toBeUndefined();
    expect(storyIdOfFile('orchestration-state.json')).toBeUndefined();
    expect(storyIdOfFile('story-1.json')).toBeUndefined();
  });
});
