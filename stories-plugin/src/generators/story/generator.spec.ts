import { logger, type Tree } from 'nx/src/devkit-exports';
import { createTreeWithEmptyWorkspace } from 'nx/src/devkit-testing-exports';
import { parseStory } from '../../stories/parse';
import { createStory, storyGenerator } from './generator';

function changedFiles(tree: Tree): string[] {
  return tree.listChanges().map((change) => change.path).sort();
}

function epicOne(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let number = 1; number <= count; number++) files[`docs/stories/1.${number}.step-${number}.md`] = `# Story 1.${number}: Step ${number}\n\n**Epic**: Onboarding\n`;
  return files;
}

describe('nx-stories:story', () => {
  let tree: Tree;
  let info: jest.SpyInstance;
  const write = (files: Record<string, string>) => Object.entries(files).forEach(([file, text]) => tree.write(file, text));

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => info.mockRestore());

  it('writes the template with the next id after 1.9, which is 1.10, and prints the path', async () => {
    write({ ...epicOne(9), 'docs/stories/README.md': '# Stories\n' });
    await storyGenerator(tree, { epic: 1, title: 'Invite a friend', dependencies: '1.9,1.2', agent: 'react-developer' });

    const file = 'docs/stories/1.10.invite-a-friend.md';
    expect(tree.read(file, 'utf-8')).toMatchInlineSnapshot(`
"# Story 1.10: Invite a friend

**Epic**: onboarding
**Dependencies**: 1.2, 1.9
**Agent**: react-developer

## Story

As a _role_,
I want _capability_,
so that _benefit_.

## Acceptance Criteria

- _An observable behaviour that shows the story is done_
- _Another one: each criterion is checked in review_

## Tasks

- [ ] _First step_
- [ ] Tests for every acceptance criterion
"
`);
    expect(info).toHaveBeenCalledWith(`nx-stories: created story 1.10 "Invite a friend" in ${file} (project story-1.10)`);
    const { story } = parseStory({ file, text: tree.read(file, 'utf-8') ?? '' });
    expect(story).toMatchObject({ id: '1.10', title: 'Invite a friend', epicName: 'onboarding', dependencies: ['1.2', '1.9'], agent: 'react-developer' });
  });

  it('starts a new epic after the highest one for a name no story uses', async () => {
    write({ ...epicOne(2), 'docs/stories/0.1.setup.md': '# Story 0.1: Setup\n', 'docs/stories/2.1.x.md': '# Story 2.1: X\n' });
    const file = await createStory(tree, { epic: 'Payments', title: 'Checkout' });
    expect(file).toBe('docs/stories/3.1.checkout.md');
    expect(tree.read(file, 'utf-8')).toContain('# Story 3.1: Checkout\n\n**Epic**: Payments\n**Dependencies**: none\n\n## Story');
  });

  it('finds an epic by the name in its stories, from a **Epic** line or front matter', async () => {
    write({
      'docs/stories/2.1.profile.md': '---\nepic: User Accounts\n---\n# Profile\n',
      'docs/stories/2.2.avatar.md': '# Story 2.2: Avatar\n',
      ...epicOne(1),
    });
    expect(await createStory(tree, { epic: 'user accounts', title: 'Delete account' })).toBe('docs/stories/2.3.delete-account.md');
    expect(await createStory(tree, { epic: 'onboarding', title: 'Tour' })).toBe('docs/stories/1.2.tour.md');
  });

  it('names the unknown dependency and the stories that exist, and writes nothing', async () => {
    write(epicOne(2));
    const before = changedFiles(tree);
    await expect(createStory(tree, { epic: '1', title: 'X', dependencies: '1.1,1.7' })).rejects.toThrow(
      'nx-stories: cannot create the story:\n  - unknown dependency "1.7" (existing stories: 1.1, 1.2)',
    );
    expect(changedFiles(tree)).toEqual(before);
  });

  it('slugs a title with punctuation and non-latin letters', async () => {
    expect(await createStory(tree, { epic: '1', title: 'Café & Crème: "Sign-up" (v2)!' })).toBe('docs/stories/1.1.cafe-creme-sign-up-v2.md');
    expect(await createStory(tree, { epic: '1', title: '注册 👋' })).toBe('docs/stories/1.2.story.md');
    expect(tree.read('docs/stories/1.2.story.md', 'utf-8')).toMatch(/^# Story 1\.2: 注册 👋\n/);
  });

  it('writes into the folder of the configured glob', async () => {
    tree.write('nx.json', JSON.stringify({ plugins: [{ plugin: 'nx-stories', options: { stories: 'planning/stories/**/*.md' } }] }));
    write({ 'planning/stories/epic-1/1.1.a.md': '# Story 1.1: A\n' });
    expect(await createStory(tree, { epic: '1', title: 'B', dependencies: '1.1' })).toBe('planning/stories/1.2.b.md');
  });

  it('refuses to write a story the configured glob would not find', async () => {
    tree.write('nx.json', JSON.stringify({ plugins: [{ plugin: 'nx-stories', options: { stories: 'docs/stories/*.story.md' } }] }));
    await expect(createStory(tree, { epic: '1', title: 'A' })).rejects.toThrow('option "stories" ("docs/stories/*.story.md") does not match docs/stories/1.1.a.md');
    expect(tree.exists('docs/stories/1.1.a.md')).toBe(false);
  });
});
