import { defaultPluginOptions, storiesReadme, withIgnoreEntries } from './defaults';
import { resolveOptions } from '../../config/resolve';

describe('defaultPluginOptions', () => {
  it('configures general-developer on Claude Code with acceptEdits, reviewing too', () => {
    expect(defaultPluginOptions()).toEqual({
      stories: 'docs/stories/*.md',
      agents: { 'general-developer': { adapter: 'claude-code', permissionMode: 'acceptEdits' } },
      defaultAgent: 'general-developer',
      reviewer: 'general-developer',
    });
  });

  it.each(['claude-code', 'codex', 'gemini', 'opencode', 'aider'] as const)('gives options the plugin accepts for %s', (adapter) => {
    const resolved = resolveOptions(defaultPluginOptions(adapter));
    expect(resolved.agents['general-developer'].adapter).toBe(adapter);
    expect(resolved.reviewer).toBe('general-developer');
  });

  it('sets a permission mode only for Claude Code, whose value the other CLIs would not understand', () => {
    expect(defaultPluginOptions('gemini').agents).toEqual({ 'general-developer': { adapter: 'gemini' } });
  });
});

describe('withIgnoreEntries', () => {
  const entries = ['.worktrees/', '.agent-orchestration/'];

  it('creates the text when there is no .gitignore', () => {
    expect(withIgnoreEntries({ text: undefined, entries })).toEqual({
      text: '# nx-stories: agent worktrees and orchestration state\n.worktrees/\n.agent-orchestration/\n',
      added: entries,
    });
  });

  it('appends after the user lines, keeping them, and adds a missing final newline first', () => {
    expect(withIgnoreEntries({ text: 'node_modules\ndist', entries }).text).toBe(
      'node_modules\ndist\n\n# nx-stories: agent worktrees and orchestration state\n.worktrees/\n.agent-orchestration/\n',
    );
  });

  it('counts `.worktrees`, `/.worktrees/` and `.worktrees/` as the same entry', () => {
    const result = withIgnoreEntries({ text: 'node_modules\n/.worktrees\n', entries });
    expect(result.added).toEqual(['.agent-orchestration/']);
    expect(result.text).toBe('node_modules\n/.worktrees\n\n# nx-stories: agent worktrees and orchestration state\n.agent-orchestration/\n');
  });

  it('changes nothing when both are there', () => {
    const text = '.worktrees\r\n.agent-orchestration/\r\n';
    expect(withIgnoreEntries({ text, entries })).toEqual({ text, added: [] });
  });
});

describe('storiesReadme', () => {
  it('shows a story in the format the parser reads, with the generator command', () => {
    const readme = storiesReadme();
    expect(readme).toContain('**Dependencies**: 1.1');
    expect(readme).toContain('nx g nx-stories:story');
  });
});
