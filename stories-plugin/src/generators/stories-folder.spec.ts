import { pathInFolder, storiesFolderOf } from './stories-folder';

describe('storiesFolderOf', () => {
  it.each([
    ['docs/stories/*.md', 'docs/stories'],
    ['./planning/**/*.md', 'planning'],
    ['stories/{a,b}/*.md', 'stories'],
    ['*.md', ''],
  ])('%s -> "%s"', (glob, folder) => {
    expect(storiesFolderOf(glob)).toBe(folder);
  });

  it.each(['../elsewhere/*.md', '/etc/*.md', 'docs/../../x/*.md', 'C:/stories/*.md'])('refuses %s, which leaves the workspace', (glob) => {
    expect(() => storiesFolderOf(glob)).toThrow(`option "stories" is "${glob}"`);
  });
});

describe('pathInFolder', () => {
  it('joins with a slash, and adds nothing for the root', () => {
    expect(pathInFolder({ folder: 'docs/stories', name: '1.1.a.md' })).toBe('docs/stories/1.1.a.md');
    expect(pathInFolder({ folder: '', name: '1.1.a.md' })).toBe('1.1.a.md');
  });
});
