import { logger, readJson, type NxJsonConfiguration, type Tree } from 'nx/src/devkit-exports';
import { createTreeWithEmptyWorkspace } from 'nx/src/devkit-testing-exports';
import { FsTree } from 'nx/src/generators/tree';
import { StoriesError } from '../../errors';
import { gitRepo } from '../../testing/git-repo';
import { tempDir, type TempDir } from '../../testing/temp-dir';
import { initGenerator } from './generator';

const DEFAULT_ENTRY = {
  plugin: 'nx-stories',
  options: {
    stories: 'docs/stories/*.md',
    agents: { 'general-developer': { adapter: 'claude-code', permissionMode: 'acceptEdits' } },
    defaultAgent: 'general-developer',
    reviewer: 'general-developer',
  },
};

function plugins(tree: Tree): NxJsonConfiguration['plugins'] {
  return readJson<NxJsonConfiguration>(tree, 'nx.json').plugins;
}

/** Every file of the tree with its content, to compare two states. */
function snapshot(tree: Tree): Record<string, string> {
  return Object.fromEntries(tree.listChanges().map((change) => [change.path, change.content?.toString('utf8') ?? `<${change.type}>`]));
}

describe('nx-stories:init', () => {
  let tree: Tree;
  let info: jest.SpyInstance;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => info.mockRestore());

  it('registers the plugin with a Claude Code default agent, ignores the orchestration folders and creates docs/stories', async () => {
    await initGenerator(tree, { skipGitCheck: true });

    const nxJson = readJson<NxJsonConfiguration>(tree, 'nx.json');
    expect(nxJson.plugins).toEqual([DEFAULT_ENTRY]);
    expect(nxJson.affected).toEqual({ defaultBase: 'main' }); // the rest of nx.json is kept
    expect(tree.read('.gitignore', 'utf-8')).toBe('# nx-stories: agent worktrees and orchestration state\n.worktrees/\n.agent-orchestration/\n');
    expect(tree.read('docs/stories/README.md', 'utf-8')).toContain('# Stories');
  });

  it('changes nothing on a second run', async () => {
    await initGenerator(tree, { skipGitCheck: true });
    const first = snapshot(tree);
    await initGenerator(tree, { skipGitCheck: true, agent: 'codex' });
    expect(snapshot(tree)).toEqual(first);
    expect(plugins(tree)).toHaveLength(1);
    expect(info).toHaveBeenCalledWith(expect.stringContaining('already registered in nx.json; its options are kept'));
  });

  it('keeps an existing entry and its options, bare or with options, and adds no second one', async () => {
    const custom = { plugin: 'nx-stories', options: { stories: 'planning/*.md', defaultAgent: 'dev', agents: { dev: { adapter: 'codex' } } } };
    tree.write('nx.json', JSON.stringify({ plugins: ['@nx/js', custom] }));
    await initGenerator(tree, { skipGitCheck: true });
    expect(plugins(tree)).toEqual(['@nx/js', custom]);
    // The README goes to the folder of the user's glob.
    expect(tree.exists('planning/README.md')).toBe(true);
    expect(tree.exists('docs/stories')).toBe(false);

    tree.write('nx.json', JSON.stringify({ plugins: ['nx-stories'] }));
    await initGenerator(tree, { skipGitCheck: true });
    expect(plugins(tree)).toEqual(['nx-stories']);
  });

  it('configures the chosen agent CLI', async () => {
    await initGenerator(tree, { skipGitCheck: true, agent: 'gemini' });
    expect(plugins(tree)).toEqual([{ ...DEFAULT_ENTRY, options: { ...DEFAULT_ENTRY.options, agents: { 'general-developer': { adapter: 'gemini' } } } }]);
  });

  it('refuses an agent CLI it cannot configure, naming the ones it can, and writes nothing', async () => {
    const before = snapshot(tree);
    await expect(initGenerator(tree, { skipGitCheck: true, agent: 'copilot' as never })).rejects.toThrow(
      /--agent=copilot .*claude-code, codex, gemini, opencode, aider/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it('appends only the missing ignore entries to an existing .gitignore', async () => {
    tree.write('.gitignore', 'node_modules\n.worktrees');
    await initGenerator(tree, { skipGitCheck: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n.worktrees\n\n# nx-stories: agent worktrees and orchestration state\n.agent-orchestration/\n');
  });

  it('leaves an existing stories folder alone', async () => {
    tree.write('docs/stories/1.1.sign-up.md', '# Story 1.1: Sign up\n');
    await initGenerator(tree, { skipGitCheck: true });
    expect(tree.exists('docs/stories/README.md')).toBe(false);
  });

  describe('git check, on real folders', () => {
    let dir: TempDir | undefined;
    afterEach(() => dir?.cleanup());

    it('fails in a folder that is not a git repository, saying to run git init, before changing anything', async () => {
      dir = tempDir('nx-stories-init-');
      dir.write({ 'nx.json': '{}\n' });
      const fsTree = new FsTree(dir.path, false);
      const failure = initGenerator(fsTree, {});
      await expect(failure).rejects.toThrow(StoriesError);
      await expect(failure).rejects.toThrow(/is not a git repository.*run `git init` first[\s\S]*Hint: pass --skipGitCheck/);
      expect(fsTree.listChanges()).toEqual([]);
    });

    it('passes in a git repository', async () => {
      dir = gitRepo({ 'nx.json': '{}\n' });
      const fsTree = new FsTree(dir.path, false);
      await initGenerator(fsTree, {});
      expect(readJson<NxJsonConfiguration>(fsTree, 'nx.json').plugins).toEqual([DEFAULT_ENTRY]);
    });
  });
});
