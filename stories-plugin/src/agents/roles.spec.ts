import { tempDir, type TempDir } from '../testing/temp-dir';
import { parseRoleFile } from './role-file';
import { loadAgentRole, roleFilePath } from './roles';

describe('loadAgentRole', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir('nx-stories-roles-');
  });
  afterEach(() => dir.cleanup());

  it('reads a Claude Code subagent file: front matter and system prompt', async () => {
    dir.write({
      '.claude/agents/python-developer.md': [
        '---',
        'name: python-developer',
        'description: Python expert for FastAPI services. Use for backend stories.',
        'tools: Read, Edit, Bash, Grep',
        'model: sonnet',
        '---',
        '',
        'You are a senior Python engineer.',
        'Write type-hinted code and pytest tests.',
        '',
      ].join('\n'),
    });
    expect(await loadAgentRole({ workspaceRoot: dir.path, agentName: 'python-developer' })).toEqual({
      name: 'python-developer',
      description: 'Python expert for FastAPI services. Use for backend stories.',
      tools: ['Read', 'Edit', 'Bash', 'Grep'],
      model: 'sonnet',
      systemPrompt: 'You are a senior Python engineer.\nWrite type-hinted code and pytest tests.',
      file: '.claude/agents/python-developer.md',
    });
  });

  it('has no role when the file does not exist', async () => {
    expect(await loadAgentRole({ workspaceRoot: dir.path, agentName: 'golang-developer' })).toBeUndefined();
  });

  it('refuses agent names that would leave .claude/agents/', async () => {
    await expect(loadAgentRole({ workspaceRoot: dir.path, agentName: '../../etc/passwd' })).rejects.toMatchObject({ code: 'PATH_UNSAFE' });
    expect(roleFilePath('react-developer')).toBe('.claude/agents/react-developer.md');
  });

  it('names the file and the problem when the front matter is broken', async () => {
    dir.write({ '.claude/agents/broken.md': '---\nname: [unclosed\n---\nbody\n' });
    await expect(loadAgentRole({ workspaceRoot: dir.path, agentName: 'broken' })).rejects.toThrow(
      /^\.claude\/agents\/broken\.md: the front matter is not valid YAML/,
    );
  });
});

describe('parseRoleFile', () => {
  it('takes the file name when the front matter has no name, tools as a list, and no front matter at all', () => {
    expect(parseRoleFile({ text: '---\ntools: [Read, Write]\n---\nBe terse.', file: 'f.md', fallbackName: 'writer' })).toEqual({
      name: 'writer',
      tools: ['Read', 'Write'],
      systemPrompt: 'Be terse.',
      file: 'f.md',
    });
    expect(parseRoleFile({ text: 'Just a prompt.\n', file: 'g.md', fallbackName: 'g' })).toEqual({ name: 'g', tools: [], systemPrompt: 'Just a prompt.', file: 'g.md' });
  });
});
