/**
 * The Nx inference end to end: the real nx binary (daemon off) on a temp workspace that loads the
 * built plugin (`npm run build` first). Each nx call costs seconds, so each test asks several
 * questions of one call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nxWorkspace, type NxResult, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';

const STORIES: Record<string, string> = {
  'docs/stories/README.md': '# Stories\n\nNot a story.\n',
  'docs/stories/0.1.project-setup.md': '# Story 0.1: Project setup\n\n**Dependencies**: none\n',
  // BMAD v4: `## Status` section, epic line with a leading "Epic N:".
  'docs/stories/1.1.story.md': [
    '# Story 1.1: Sign up',
    '',
    '**Epic:** Epic 1: Auth',
    '',
    '## Status',
    '',
    'Approved',
    '',
    '## Acceptance Criteria',
    '',
    '1. A visitor can create an account',
    '',
    '## Tasks / Subtasks',
    '',
    '- [ ] Build the form',
    '',
  ].join('\n'),
  // Front matter.
  'docs/stories/1.2-login.story.md': '---\ntitle: Log in\ndependencies: [1.1]\nagent: react-developer\ntest: npm test\n---\n\nUsers log in.\n',
  // `1-3-slug.md` name and a `## Dependencies` section.
  'docs/stories/1-3-logout.md': '# Story 1.3: Log out\n\n## Dependencies\n\n- Story 1.2 (login)\n',
  'docs/stories/1.10-audit-log.md': '# Story 1.10: Audit log\n\n**Dependencies:** 1.3\n',
  'docs/stories/2.1-profile.md': '# Story 2.1: Profile\n\n**Epic**: Accounts\n**Dependencies**: 1.1\n',
};

function json<T>(result: NxResult): T {
  if (result.status !== 0) throw new Error(`nx failed (${result.status}):\n${result.output}`);
  return JSON.parse(result.stdout) as T;
}

interface ShownProject {
  tags: string[];
  implicitDependencies?: string[];
  metadata: { description: string; wave: number; dependencies: { id: string; kind: string; project: string }[] };
  targets: Record<string, { executor: string; dependsOn: string[]; inputs: unknown[]; cache: boolean; parallelism?: boolean; options: Record<string, string> }>;
}

describe('nx inference of story projects', () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    ws = nxWorkspace(STORIES);
  });
  afterAll(() => ws.cleanup());

  it('lists one project per story, in every accepted file format', () => {
    expect(json<string[]>(ws.nx(['show', 'projects', '--json'])).sort()).toEqual([
      'story-0.1',
      'story-1.1',
      'story-1.10',
      'story-1.2',
      'story-1.3',
      'story-2.1',
    ]);
  });

  it('shows a story project with tags, its dependencies and chained targets', () => {
    const project = json<ShownProject>(ws.nx(['show', 'project', 'story-1.2', '--json']));
    expect(project.tags).toEqual(['story', 'epic:auth', 'agent:react-developer']);
    // The dependencies are graph edges from createDependencies (next test), not implicitDependencies
    // that Nx would resolve as patterns against every project.
    expect(project.implicitDependencies ?? []).toEqual([]);
    expect(project.metadata.dependencies.map((dependency) => dependency.project)).toEqual(['story-0.1', 'story-1.1']);
    expect(project.metadata).toMatchObject({ description: 'Log in', wave: 2 });
    const storyHash = project.targets.run.options.storyHash;
    expect(storyHash).toMatch(/^[0-9a-f]{64}$/);
    const summary = Object.fromEntries(
      Object.entries(project.targets).map(([name, target]) => [name, [target.executor, target.dependsOn, target.inputs, target.cache, target.options]]),
    );
    const options = { storyId: '1.2', storyFile: 'docs/stories/1.2-login.story.md', storyHash };
    expect(summary).toEqual({
      run: ['nx-stories:run', ['^merge'], [], false, options],
      review: ['nx-stories:review', ['run'], [], false, options],
      merge: ['nx-stories:merge', ['review'], [], true, options],
      implement: ['nx-stories:implement', ['^implement'], [], true, options],
    });
    // Merges are serialized by the repository lock, not by Nx (which would stop every other task).
    expect(project.targets.merge.parallelism).not.toBe(false);
  });

  it('puts the dependencies into the project graph as implicit edges and selects epics by tag', () => {
    expect(ws.nx(['graph', '--file=graph.json']).status).toBe(0);
    const graph = JSON.parse(readFileSync(join(ws.path, 'graph.json'), 'utf8')) as { graph: { dependencies: Record<string, { target: string; type: string }[]> } };
    const edges = Object.fromEntries(
      Object.entries(graph.graph.dependencies).map(([source, list]) => [source, list.map((edge) => `${edge.target} (${edge.type})`).sort()]),
    );
    expect(edges).toEqual({
      'story-0.1': [],
      'story-1.1': ['story-0.1 (implicit)'],
      'story-1.2': ['story-0.1 (implicit)', 'story-1.1 (implicit)'],
      'story-1.3': ['story-0.1 (implicit)', 'story-1.2 (implicit)'],
      'story-1.10': ['story-0.1 (implicit)', 'story-1.3 (implicit)'],
      'story-2.1': ['story-0.1 (implicit)', 'story-1.1 (implicit)'],
    });
    expect(json<string[]>(ws.nx(['show', 'projects', '-p', 'tag:epic:auth', '--json'])).sort()).toEqual(['story-1.1', 'story-1.10', 'story-1.2', 'story-1.3']);
  });

  it('follows the edges for ^ in dependsOn', () => {
    // `--graph=<file>` writes the task graph and runs nothing.
    expect(ws.nx(['run', 'story-1.3:implement', '--graph=tasks.json']).status).toBe(0);
    const tasks = JSON.parse(readFileSync(join(ws.path, 'tasks.json'), 'utf8')) as { tasks: { dependencies: Record<string, string[]> } };
    expect(Object.fromEntries(Object.entries(tasks.tasks.dependencies).map(([task, list]) => [task, [...list].sort()]))).toEqual({
      'story-0.1:implement': [],
      'story-1.1:implement': ['story-0.1:implement'],
      'story-1.2:implement': ['story-0.1:implement', 'story-1.1:implement'],
      'story-1.3:implement': ['story-0.1:implement', 'story-1.2:implement'],
    });
  });

  it('lists a changed story and its dependents as affected', () => {
    const affected = json<string[]>(ws.nx(['show', 'projects', '--affected', '--files=docs/stories/1.2-login.story.md', '--json']));
    expect(affected.sort()).toEqual(['story-1.10', 'story-1.2', 'story-1.3']);
  });

  it('keeps the story hash through run edits and changes it with a dependency', () => {
    const hashOf13 = () => json<ShownProject>(ws.nx(['show', 'project', 'story-1.3', '--json'])).targets.merge.options.storyHash;
    const before = hashOf13();
    const story11 = STORIES['docs/stories/1.1.story.md'];
    const reviewed = story11.replace('Approved', 'Done').replace('- [ ]', '- [x]') + '\n## Review\n\n### Round 1: Approved\n\n- looks good\n';
    ws.write({ 'docs/stories/1.1.story.md': reviewed });
    expect(hashOf13()).toBe(before);
    ws.write({ 'docs/stories/1.1.story.md': reviewed.replace('create an account', 'create an account with email') });
    expect(hashOf13()).not.toBe(before);
    ws.write({ 'docs/stories/1.1.story.md': story11 });
  });
});

describe('nx with invalid stories', () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    ws = nxWorkspace({
      'docs/stories/1.1.a.md': '# Story 1.1: A\n',
      'docs/stories/1.2.b.md': '# Story 1.2: B\n\n**Dependencies**: 1.1\n',
    });
  });
  afterAll(() => ws.cleanup());

  function failure(files: Record<string, string>): string {
    ws.write(files);
    const result = ws.nx(['show', 'projects']);
    expect(result.status).not.toBe(0);
    return result.output;
  }

  it('fails on a cycle, printing it as a path', () => {
    const output = failure({ 'docs/stories/1.1.a.md': '# Story 1.1: A\n\n**Dependencies**: 1.2\n' });
    expect(output).toContain('nx-stories: 1 problem in the story files:');
    expect(output).toContain('docs/stories/1.1.a.md:3: dependency cycle: 1.1 -> 1.2 -> 1.1');
    expect(output).toContain('Hint: fix the story files listed above; `stories validate` checks them again');
  });

  it('fails on an unknown id with a suggestion', () => {
    const output = failure({ 'docs/stories/1.1.a.md': '# Story 1.1: A\n', 'docs/stories/1.2.b.md': '# Story 1.2: B\n\n**Dependencies**: 1.3\n' });
    expect(output).toContain('docs/stories/1.2.b.md:3: unknown dependency "1.3" (did you mean 1.1?)');
  });

  it('fails on a duplicate id naming both files, together with a YAML error', () => {
    const output = failure({
      'docs/stories/1.2.b.md': '# Story 1.2: B\n',
      'docs/stories/1.2.story.md': '---\ntitle: B again\nfoo: : bar\n---\n',
    });
    expect(output).toContain('nx-stories: 2 problems in the story files:');
    expect(output).toContain('docs/stories/1.2.story.md: duplicate id 1.2: docs/stories/1.2.b.md and docs/stories/1.2.story.md');
    expect(output).toContain('docs/stories/1.2.story.md:3: front matter is not valid YAML');
  });
});
