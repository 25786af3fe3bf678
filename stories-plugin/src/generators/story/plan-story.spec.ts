import { StoriesError } from '../../errors';
import { parseStory } from '../../stories/parse';
import type { Story } from '../../stories/types';
import { planStory, type StoryRequest } from './plan-story';

function stories(files: Record<string, string>): Story[] {
  return Object.entries(files).flatMap(([file, text]) => parseStory({ file: `docs/stories/${file}`, text }).story ?? []);
}

function failure(existing: Story[], request: StoryRequest): StoriesError {
  try {
    planStory({ stories: existing, request });
  } catch (error) {
    if (error instanceof StoriesError) return error;
    throw error;
  }
  throw new Error('planStory did not fail');
}

const WORKSPACE = stories({
  '0.1.setup.md': '# Story 0.1: Setup\n',
  '1.1.sign-up.md': '# Story 1.1: Sign up\n\n**Epic**: Auth\n',
  '1.2.log-in.md': '# Story 1.2: Log in\n',
  '2.1.profile.md': '---\nepic: Accounts\n---\n# Story 2.1: Profile\n',
});

describe('planStory', () => {
  it('takes the first id of epic 1 in an empty workspace, with no dependencies', () => {
    expect(planStory({ stories: [], request: { epic: '1', title: '  Sign   up ' } })).toEqual({
      id: '1.1',
      epic: 1,
      epicLabel: '1',
      epicName: '1',
      title: 'Sign up',
      slug: 'sign-up',
      dependencies: [],
      agent: undefined,
    });
  });

  it('labels a numbered epic with the name its stories declare', () => {
    expect(planStory({ stories: WORKSPACE, request: { epic: 'Epic 1', title: 'Log out' } })).toMatchObject({ id: '1.3', epicLabel: 'auth', epicName: 'auth' });
  });

  it('accepts `Epic N: Name`, and refuses it when epic N has another name', () => {
    expect(planStory({ stories: WORKSPACE, request: { epic: 'Epic 3: Billing', title: 'Invoices' } })).toMatchObject({ id: '3.1', epicLabel: 'Billing', epicName: 'billing' });
    expect(failure(WORKSPACE, { epic: 'Epic 1: Payments', title: 'X' }).message).toContain('epic 1 is named "auth" in the existing stories, not "payments"');
  });

  it('refuses a name two epics share, listing their numbers', () => {
    const twice = [...WORKSPACE, ...stories({ '4.1.more.md': '# Story 4.1: More\n\n**Epic**: Auth\n' })];
    expect(failure(twice, { epic: 'auth', title: 'X' }).message).toContain('epic "auth" is the name of epics 1 and 4');
  });

  it('counts ids from file names too, when front matter gives the file another id', () => {
    const renamed = stories({ '1.5.old.md': '---\nid: "1.2"\n---\n# Old\n' });
    expect(planStory({ stories: renamed, request: { epic: '1', title: 'New' } }).id).toBe('1.6');
  });

  it('normalizes, de-duplicates and sorts dependencies; "none" means none', () => {
    expect(planStory({ stories: WORKSPACE, request: { epic: '2', title: 'X', dependencies: '1.2, 01.1 0.1,1.2' } }).dependencies).toEqual(['0.1', '1.1', '1.2']);
    expect(planStory({ stories: WORKSPACE, request: { epic: '2', title: 'X', dependencies: ['1.1', '2.1'] } }).dependencies).toEqual(['1.1', '2.1']);
    expect(planStory({ stories: WORKSPACE, request: { epic: '2', title: 'X', dependencies: 'none' } }).dependencies).toEqual([]);
  });

  it('reports every malformed input together', () => {
    const error = failure(WORKSPACE, { epic: '!!!', title: ' ', dependencies: '1.1,one', agent: 'bad agent' });
    expect(error.code).toBe('STORY_INVALID');
    expect(error.problems.map((problem) => problem.message)).toEqual([
      'the title is empty',
      'agent "bad agent" is not an agent name',
      'epic "!!!" is neither a number nor a name',
      'dependency "one" is not a story id',
    ]);
  });

  it('takes no mistyped number for the name of a new epic', () => {
    expect(failure(WORKSPACE, { epic: '1.5', title: 'X' }).message).toContain('epic "1.5" is neither a number nor a name');
  });

  it('says when no story exists yet for an unknown dependency', () => {
    expect(failure([], { epic: '1', title: 'X', dependencies: '0.1' }).message).toContain('unknown dependency "0.1" (no stories exist yet)');
  });
});
