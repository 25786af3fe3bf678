import { buildPrompt, type PromptInput } from './prompt';

const base: PromptInput = {
  phase: 'implement',
  story: { id: '1.1', title: 'Greeting endpoint', file: 'docs/stories/1.1.greeting.md', acceptanceCriteria: ['GET /hello returns 200', 'It is tested'] },
  storyText: '# Story 1.1: Greeting endpoint\n\n## Acceptance Criteria\n- GET /hello returns 200\n- It is tested\n',
  agentName: 'python-developer',
  testCommand: 'pytest -q',
  baseBranch: 'main',
  branch: 'story/1.1-greeting-endpoint',
};

describe('buildPrompt', () => {
  it('implement: role, task with rules and the test command, criteria, the story', () => {
    const prompt = buildPrompt(base);
    expect(prompt).toMatch(/^# Role: python-developer\n\nYou are the "python-developer" agent/);
    expect(prompt).toContain('# Task: implement story 1.1, "Greeting endpoint"');
    expect(prompt).toContain('on branch `story/1.1-greeting-endpoint`, made from `main`');
    expect(prompt).toContain('The test command `pytest -q` must pass when you are done.');
    expect(prompt).toContain('## Acceptance criteria\n\n1. GET /hello returns 200\n2. It is tested');
    expect(prompt).toContain('## The story (docs/stories/1.1.greeting.md)\n\n```markdown\n# Story 1.1: Greeting endpoint');
    expect(prompt).not.toContain('verdict');
  });

  it('uses the role file\'s description and system prompt', () => {
    const prompt = buildPrompt({
      ...base,
      role: { name: 'python-developer', description: 'Python expert.', tools: [], systemPrompt: 'You write typed Python.', file: '.claude/agents/python-developer.md' },
    });
    expect(prompt).toMatch(/^# Role: python-developer\n\nPython expert\.\n\nYou write typed Python\.\n/);
  });

  it('fix: lists the findings', () => {
    const prompt = buildPrompt({ ...base, phase: 'fix', findings: ['handle empty names', 'add a 404 test'] });
    expect(prompt).toContain('# Task: address the review of story 1.1');
    expect(prompt).toContain('## Findings to address\n\n- handle empty names\n- add a 404 test');
  });

  it('resolve-conflict: lists the conflicted paths and says who finishes the merge', () => {
    const prompt = buildPrompt({ ...base, phase: 'resolve-conflict', conflictedPaths: ['app/main.py', 'README.md'] });
    expect(prompt).toContain('The base branch `main` was merged into this branch');
    expect(prompt).toContain('do not commit, do not abort the merge');
    expect(prompt).toContain('## Conflicted files\n\n- `app/main.py`\n- `README.md`');
  });

  it('review: read-only task, the diff in a safe fence, and the verdict format', () => {
    const diff = 'diff --git a/README.md b/README.md\n+```js\n+x\n+```\n';
    const prompt = buildPrompt({ ...base, phase: 'review', diff });
    expect(prompt).toContain('Do not change any file: you only judge.');
    expect(prompt).toContain('## The change against main\n\n````diff\n' + diff + '\n````');
    expect(prompt).toContain('Reply with only this JSON object');
    expect(prompt).toContain('{"verdict": "approve" | "changes_requested", "findings": ["..."]}');
    expect(buildPrompt({ ...base, phase: 'review', diff, verdictTarget: 'file' })).toContain('`STORY_VERDICT_FILE`');
  });

  it('review: says so when the diff is empty, and cuts a huge diff', () => {
    expect(buildPrompt({ ...base, phase: 'review', diff: '' })).toContain('The diff is empty: nothing was changed.');
    const cut = buildPrompt({ ...base, phase: 'review', diff: 'x'.repeat(500), maxDiffChars: 100 });
    expect(cut).toContain('[... 400 more characters cut: run `git diff main...HEAD` to read the rest]');
  });

  it('says when a story lists no acceptance criteria', () => {
    expect(buildPrompt({ ...base, story: { ...base.story, acceptanceCriteria: [] } })).toContain('The story lists none');
  });
});
