import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateDependenciesContext, CreateNodesContextV2, ProjectConfiguration } from 'nx/src/devkit-exports';
import { StoriesError } from '../errors';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { createDependencies, createNodes, createNodesV2 } from './plugin';
import { openParseCache } from './parse-cache';

describe('nx-stories createNodes', () => {
  const createNodesFunction = createNodes[1];
  let dir: TempDir;
  let context: CreateNodesContextV2;

  beforeEach(() => {
    dir = tempDir();
    context = { nxJsonConfiguration: {}, workspaceRoot: dir.path };
    dir.write({
      'docs/stories/README.md': '# Stories\n',
      'docs/stories/0.1.setup.md': '# Story 0.1: Setup\n',
      'docs/stories/1.1.story.md': '---\ntitle: Sign up\nepic: Auth\nagent: react-developer\n---\n',
      'docs/stories/1.2-login.md': '# Story 1.2: Log in\n\n**Dependencies**: 1.1\n**Status**: Done\n',
    });
  });
  afterEach(() => dir.cleanup());

  const files = ['docs/stories/README.md', 'docs/stories/0.1.setup.md', 'docs/stories/1.1.story.md', 'docs/stories/1.2-login.md'];

  it('exports the v2 tuple under both names', () => {
    expect(createNodesV2).toBe(createNodes);
    expect(createNodes[0]).toBe('**/*.md');
  });

  it('creates one project per story', async () => {
    const results = await createNodesFunction(files, {}, context);
    expect(results.map(([file]) => file)).toEqual(['docs/stories/0.1.setup.md', 'docs/stories/1.1.story.md', 'docs/stories/1.2-login.md']);
    const [, login] = results[2];
    const project = login.projects?.['docs/stories/1.2-login.md'];
    const storyHash = project?.targets?.run?.options?.storyHash;
    expect(storyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(JSON.stringify(login).replaceAll(storyHash, '<hash>'))).toMatchInlineSnapshot(`
      {
        "projects": {
          "docs/stories/1.2-login.md": {
            "metadata": {
              "agent": "general-developer",
              "agentEvidence": [
                "chose general-developer: no agent reached 3 points",
              ],
              "dependencies": [
                {
                  "id": "0.1",
                  "kind": "foundation",
                  "project": "story-0.1",
                },
                {
                  "id": "1.1",
                  "kind": "explicit",
                  "project": "story-1.1",
                },
              ],
              "description": "Log in",
              "epic": "auth",
              "file": "docs/stories/1.2-login.md",
              "status": "Merged",
              "storyId": "1.2",
              "wave": 2,
            },
            "name": "story-1.2",
            "namedInputs": {
              "default": [
                "{workspaceRoot}/docs/stories/1.2-login.md",
              ],
              "story": [
                "{workspaceRoot}/docs/stories/1.2-login.md",
              ],
            },
            "root": "docs/stories/1.2-login.md",
            "tags": [
              "story",
              "epic:auth",
              "agent:general-developer",
            ],
            "targets": {
              "implement": {
                "cache": true,
                "dependsOn": [
                  "^implement",
                ],
                "executor": "nx-stories:implement",
                "inputs": [],
                "metadata": {
                  "description": "Implement, review and merge story 1.2",
                  "technologies": [
                    "nx-stories",
                  ],
                },
                "options": {
                  "storyFile": "docs/stories/1.2-login.md",
                  "storyHash": "<hash>",
                  "storyId": "1.2",
                },
              },
              "merge": {
                "cache": true,
                "dependsOn": [
                  "review",
                ],
                "executor": "nx-stories:merge",
                "inputs": [],
                "metadata": {
                  "description": "Merge story 1.2 into the base branch (serialized by the repository lock)",
                  "technologies": [
                    "nx-stories",
                  ],
                },
                "options": {
                  "storyFile": "docs/stories/1.2-login.md",
                  "storyHash": "<hash>",
                  "storyId": "1.2",
                },
              },
              "review": {
                "cache": false,
                "dependsOn": [
                  "run",
                ],
                "executor": "nx-stories:review",
                "inputs": [],
                "metadata": {
                  "description": "Review story 1.2; findings go back to the agent, up to the review round limit",
                  "technologies": [
                    "nx-stories",
                  ],
                },
                "options": {
                  "storyFile": "docs/stories/1.2-login.md",
                  "storyHash": "<hash>",
                  "storyId": "1.2",
                },
              },
              "run": {
                "cache": false,
                "dependsOn": [
                  "^merge",
                ],
                "executor": "nx-stories:run",
                "inputs": [],
                "metadata": {
                  "description": "Implement story 1.2 with agent general-developer in a fresh worktree, then run its tests",
                  "technologies": [
                    "nx-stories",
                  ],
                },
                "options": {
                  "storyFile": "docs/stories/1.2-login.md",
                  "storyHash": "<hash>",
                  "storyId": "1.2",
                },
              },
            },
          },
        },
      }
    `);
  });

  it('tags foundation stories and explicit agents, and honours the options', async () => {
    const results = await createNodesFunction(files, { projectPrefix: 's-', foundationDependencies: false }, context);
    const projects = results.map(([, result]) => Object.values(result.projects ?? {})[0]);
    const dependencyProjects = (project: Pick<ProjectConfiguration, 'metadata'>) => (project.metadata?.dependencies as { project: string }[]).map((dependency) => dependency.project);
    expect(projects.map((project) => [project.name, project.tags, dependencyProjects(project)])).toEqual([
      ['s-0.1', ['story', 'epic:0', 'agent:general-developer', 'foundation'], []],
      ['s-1.1', ['story', 'epic:auth', 'agent:react-developer'], []],
      ['s-1.2', ['story', 'epic:auth', 'agent:general-developer'], ['s-1.1']],
    ]);
    expect(projects.some((project) => 'implicitDependencies' in project)).toBe(false);
  });

  it('keeps the story hash when a run writes into a story, and changes it with its dependencies', async () => {
    const hashes = async () =>
      Object.fromEntries(
        (await createNodesFunction(files, {}, context)).map(([file, result]) => [file, result.projects?.[file]?.targets?.merge?.options?.storyHash]),
      );
    const before = await hashes();
    dir.write({ 'docs/stories/1.2-login.md': '# Story 1.2: Log in\n\n**Dependencies**: 1.1\n**Status**: InProgress\n\n## Review\n\n- ok\n' });
    expect(await hashes()).toEqual(before);
    dir.write({ 'docs/stories/1.1.story.md': '---\ntitle: Sign up now\nepic: Auth\nagent: react-developer\n---\n' });
    const after = await hashes();
    expect(after['docs/stories/0.1.setup.md']).toBe(before['docs/stories/0.1.setup.md']);
    expect(after['docs/stories/1.1.story.md']).not.toBe(before['docs/stories/1.1.story.md']);
    expect(after['docs/stories/1.2-login.md']).not.toBe(before['docs/stories/1.2-login.md']);
  });

  it('caches parse results in the workspace data directory', async () => {
    await createNodesFunction(files, {}, context);
    const cacheFile = join(dir.path, '.nx/workspace-data/nx-stories-parse.json');
    expect(existsSync(cacheFile)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).entries)).toHaveLength(3);
    const cache = openParseCache(dir.path);
    cache.parse({ file: 'docs/stories/0.1.setup.md', text: '# Story 0.1: Setup\n' });
    expect(cache.misses).toBe(0);
    cache.parse({ file: 'docs/stories/0.1.setup.md', text: '# Story 0.1: Changed\n' });
    expect(cache.misses).toBe(1);
  });

  it('fails with every problem of the stories at once', async () => {
    dir.write({
      'docs/stories/1.3.cycle.md': '# T\n**Dependencies**: 1.4\n',
      'docs/stories/1.4.cycle.md': '# T\n**Dependencies**: 1.3, 1.9\n',
      'docs/stories/1.4.story.md': '---\ntitle: [oops\n---\n',
    });
    const error = await Promise.resolve(createNodesFunction(files, {}, context)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StoriesError);
    expect((error as StoriesError).message).toMatchInlineSnapshot(`
      "nx-stories: 4 problems in the story files:
        - docs/stories/1.3.cycle.md:2: dependency cycle: 1.3 -> 1.4 -> 1.3 (remove one of these dependencies to break the cycle)
        - docs/stories/1.4.cycle.md:2: unknown dependency "1.9" (did you mean 1.3?)
        - docs/stories/1.4.story.md: duplicate id 1.4: docs/stories/1.4.cycle.md and docs/stories/1.4.story.md (one file per story id; rename or merge one of them)
        - docs/stories/1.4.story.md:3: front matter is not valid YAML: unexpected end of the stream within a flow collection (YAML such as "dependencies: [1.1, 1.2]")
      Hint: fix the story files listed above; \`stories validate\` checks them again"
    `);
  });

  it('rejects wrong options', async () => {
    await expect(createNodesFunction(files, { sameEpicOrder: 'yes' } as never, context)).rejects.toThrow('option "sameEpicOrder" is "yes" (true or false)');
  });
});

describe('nx-stories createDependencies', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
    dir.write({
      'docs/stories/0.1.setup.md': '# Story 0.1: Setup\n',
      'docs/stories/1.1.story.md': '---\ntitle: Sign up\nepic: Auth\n---\n',
      'docs/stories/1.2-login.md': '# Story 1.2: Log in\n\n**Dependencies**: 1.1\n',
      'docs/stories/2.1-profile.md': '# Story 2.1: Profile\n\n**Epic**: Accounts\n**Dependencies**: 1.2, 1.1\n',
    });
  });
  afterEach(() => dir.cleanup());

  /** What Nx hands createDependencies: the projects createNodes inferred, keyed by name, beside other projects. */
  async function dependencyContext(options: object, others: Record<string, ProjectConfiguration> = {}): Promise<CreateDependenciesContext> {
    const results = await createNodes[1]([], options, { nxJsonConfiguration: {}, workspaceRoot: dir.path });
    const stories = results.flatMap(([, result]) => Object.values(result.projects ?? {})).map((project) => [project.name!, project as ProjectConfiguration] as const);
    const empty = { projectFileMap: {}, nonProjectFiles: [] };
    return { projects: { ...others, ...Object.fromEntries(stories) }, externalNodes: {}, nxJsonConfiguration: {}, fileMap: empty, filesToProcess: empty, workspaceRoot: dir.path };
  }

  it('returns an implicit edge per story dependency, read from the inferred projects', async () => {
    const context = await dependencyContext({}, {
      // A project of another plugin, even with a storyId in its metadata, is not a story project.
      app: { root: 'apps/app', metadata: { storyId: '9.9', dependencies: [{ project: 'story-0.1' }] }, targets: { build: { executor: 'nx:run-commands' } } },
    });
    // Only the projects are read: deleting the story files changes nothing.
    dir.cleanup();
    const edges = await createDependencies({}, context);
    expect(edges.map((edge) => `${edge.source} -> ${edge.target} (${edge.type})`)).toEqual([
      'story-1.1 -> story-0.1 (implicit)',
      'story-1.2 -> story-0.1 (implicit)',
      'story-1.2 -> story-1.1 (implicit)',
      'story-2.1 -> story-0.1 (implicit)',
      'story-2.1 -> story-1.1 (implicit)',
      'story-2.1 -> story-1.2 (implicit)',
    ]);
  });

  it('follows the options that shape the graph and the project names', async () => {
    const context = await dependencyContext({ projectPrefix: 's-', foundationDependencies: false });
    const edges = await createDependencies({ projectPrefix: 's-', foundationDependencies: false }, context);
    expect(edges.map((edge) => `${edge.source} -> ${edge.target}`)).toEqual(['s-1.2 -> s-1.1', 's-2.1 -> s-1.1', 's-2.1 -> s-1.2']);
  });

  it('says which story points at a project that no longer exists', async () => {
    const context = await dependencyContext({});
    const { 'story-1.1': _removed, ...projects } = context.projects;
    expect(() => createDependencies({}, { ...context, projects })).toThrow(
      'nx-stories: docs/stories/1.2-login.md: project story-1.2 depends on story-1.1, which is not a project of this workspace\nHint: another plugin',
    );
  });
});
