/**
 * Hostile and broken input (issue 9), each with a clear error or a safe result and nothing lost:
 * front matter that is not YAML, is huge, is an alias bomb or has wrong types; dependencies on
 * themselves, on missing ids and in a long cycle; binary and non-UTF-8 files; hostile ids and
 * agent names; a folder of 2,000 stories; plugin options with unknown adapters and bad paths.
 * `stories validate` and the real nx (through the plugin) must report every problem at once,
 * naming the file and line, and must not change a byte of the workspace.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNx } from './support/nx-process';
import { dirtyCheckout } from './support/invariants';
import { scriptedStory, storyFileName } from './support/stories';
import { reliabilityWorkspace, runStoriesCli } from './support/workspace';

/** A YAML alias bomb: ten levels, each a list of ten references to the level below (10^10 leaves if expanded). */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 10; level++) lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
  lines.push('dependencies: *a9');
  return lines.join('\n');
}

/** A cycle through `length` stories of epic 2: 2.1 -> 2.2 -> ... -> 2.<length> -> 2.1. */
function longCycle(length: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 1; n <= length; n++) {
    const next = n === length ? 1 : n + 1;
    files[storyFileName(`2.${n}`, 'cycle')] = scriptedStory({ id: `2.${n}`, title: `Cycle ${n}`, dependencies: [`2.${next}`] });
  }
  return files;
}

const BROKEN: Record<string, string> = {
  [storyFileName('1.1', 'fine')]: scriptedStory({ id: '1.1', title: 'Fine' }),
  'docs/stories/1.2.not-yaml.md': '---\nid: [1.2\ntitle: : : :\n  - {\n---\n# Story 1.2: Not YAML\n',
  'docs/stories/1.3.wrong-types.md': '---\ntitle: [a, b]\ndependencies:\n  nested: {x: 1}\nagent: [x]\ntest:\n  run: true\n---\n# Story 1.3: Wrong types\n',
  'docs/stories/1.4.alias-bomb.md': `---\n${aliasBomb()}\n---\n# Story 1.4: Alias bomb\n`,
  'docs/stories/1.5.self.md': scriptedStory({ id: '1.5', title: 'Self', dependencies: ['1.5'] }),
  'docs/stories/1.6.missing.md': scriptedStory({ id: '1.6', title: 'Missing', dependencies: ['9.9'] }),
  'docs/stories/1.7.hostile-id.md': '---\nid: "1.7; touch HOSTILE_ID"\n---\n# Story 1.7: Hostile id\n',
  'docs/stories/1.8.hostile-agent.md': '---\nagent: "../../../tmp/evil"\n---\n# Story 1.8: Hostile agent\n',
  'docs/stories/1.9.dot-dot-id.md': '---\nid: "../../1.9"\n---\n# Story 1.9: Dotted id\n',
  'docs/stories/1.10.first.md': scriptedStory({ id: '1.10', title: 'First' }),
  'docs/stories/1.10-second.md': scriptedStory({ id: '1.10', title: 'Second' }),
  ...longCycle(40),
};

describe('hostile and broken story files', () => {
  it('reports every problem at once with file and line, through `stories validate` and nx alike, and changes nothing', async () => {
    const ws = reliabilityWorkspace(BROKEN);
    try {
      // Bytes that are not text: written after the first commit, as they would arrive from elsewhere.
      writeFileSync(join(ws.path, 'docs/stories/3.1.binary.md'), Buffer.from([0x23, 0x20, 0x00, 0xff, 0x00, 0x01, 0x02]));
      writeFileSync(join(ws.path, 'docs/stories/3.2.latin1.md'), Buffer.from('# Story 3.2: Caf\xe9 cr\xe8me\n', 'latin1'));
      writeFileSync(join(ws.path, 'docs/stories/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff]));
      ws.commit('binary files');
      const head = ws.git('rev-parse', 'HEAD');

      const started = Date.now();
      const validate = runStoriesCli({ cwd: ws.path, argv: ['validate'] });
      const validateMs = Date.now() - started;
      if (process.env.RELIABILITY_DEBUG_DIR) writeFileSync(join(process.env.RELIABILITY_DEBUG_DIR, 'validate.txt'), validate.output);
      expect(validate.status).toBe(1);
      const expected: RegExp[] = [
        /docs\/stories\/1\.2\.not-yaml\.md:\d+: .*(YAML|front matter)/i,
        /docs\/stories\/1\.3\.wrong-types\.md:2: front matter "title" is not a text/,
        /docs\/stories\/1\.3\.wrong-types\.md:\d+: .*dependencies/i,
        /docs\/stories\/1\.3\.wrong-types\.md:\d+: .*"agent" is not a text/,
        /docs\/stories\/1\.3\.wrong-types\.md:\d+: .*"test" is not a text/,
        /docs\/stories\/1\.4\.alias-bomb\.md:\d+: /,
        /docs\/stories\/1\.5\.self\.md:\d+: .*1\.5.*(itself|self)/i,
        /docs\/stories\/1\.6\.missing\.md:\d+: .*9\.9/,
        /docs\/stories\/1\.7\.hostile-id\.md:2: id "1\.7; touch HOSTILE_ID" is not a story id/,
        /docs\/stories\/1\.8\.hostile-agent\.md:2: agent "\.\.\/\.\.\/\.\.\/tmp\/evil" is not an agent name/,
        /docs\/stories\/1\.9\.dot-dot-id\.md:2: id "\.\.\/\.\.\/1\.9" is not a story id/,
        /1\.10.*docs\/stories\/1\.10-second\.md|docs\/stories\/1\.10-second\.md.*1\.10/,
        /2\.1 -> 2\.2 -> [\d. >-]*2\.40 -> 2\.1/,
        /docs\/stories\/3\.1\.binary\.md: is a binary file/,
        /docs\/stories\/3\.2\.latin1\.md: is not valid UTF-8/,
      ];
      const missing = expected.filter((pattern) => !pattern.test(validate.output));
      expect({ missing: missing.map(String), output: missing.length ? validate.output : '' }).toEqual({ missing: [], output: '' });
      expect(validate.output).not.toMatch(/logo\.png/);
      expect(validate.output).not.toMatch(/\n\s+at /); // no stack trace: a user-facing error
      expect(validateMs).toBeLessThan(30_000);

      const nx = await runNx({ cwd: ws.path, argv: ['show', 'projects'] });
      expect(nx.status).not.toBe(0);
      for (const pattern of expected) expect(nx.output).toMatch(pattern);

      expect(ws.git('rev-parse', 'HEAD')).toBe(head);
      expect(dirtyCheckout(ws.path)).toEqual([]);
    } finally {
      ws.cleanup();
    }
  }, 180_000);

  it('handles front matter of 2 MB and a folder of 2,000 stories in bounded time', async () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 2000; n++) {
      const id = `${Math.ceil(n / 100)}.${((n - 1) % 100) + 1}`;
      files[storyFileName(id, `s${n}`)] = `# Story ${id}: S${n}\n\n## Acceptance Criteria\n\n- it works\n`;
    }
    const hugeFront = Array.from({ length: 40_000 }, (_, index) => `note_${index}: ${'x'.repeat(40)}`).join('\n');
    files['docs/stories/1.1.s1.md'] = `---\ntitle: Huge front matter\n${hugeFront}\n---\n# Story 1.1: ignored title\n`;
    const ws = reliabilityWorkspace(files);
    try {
      const started = Date.now();
      const validate = runStoriesCli({ cwd: ws.path, argv: ['validate'] });
      expect(validate.output).toMatch(/^2000 stories, 0 dependencies, 1 wave: valid/m);
      const nx = await runNx({ cwd: ws.path, argv: ['show', 'projects', '--json'] });
      expect(nx.status).toBe(0);
      const projects = JSON.parse(nx.output.slice(nx.output.indexOf('['))) as string[];
      expect(projects.filter((name) => name.startsWith('story-'))).toHaveLength(2000);
      expect(Date.now() - started).toBeLessThan(120_000);
      const plan = runStoriesCli({ cwd: ws.path, argv: ['plan', '1.1', '--json'] });
      const planned = JSON.parse(plan.output.slice(plan.output.indexOf('{'))) as { waves: { stories: { id: string; title: string }[] }[] };
      expect(planned.waves[0].stories).toEqual([expect.objectContaining({ id: '1.1', title: 'Huge front matter' })]);
    } finally {
      ws.cleanup();
    }
  }, 240_000);
});

describe('broken plugin options', () => {
  it('reports unknown adapters and paths outside the workspace together, before anything runs', async () => {
    const ws = reliabilityWorkspace(
      { [storyFileName('1.1', 'fine')]: scriptedStory({ id: '1.1', title: 'Fine' }) },
      {
        stories: '../outside/*.md',
        agents: {
          'general-developer': { adapter: 'gpt-9000' },
          'shell-string': { adapter: 'command', command: 'rm -rf / --no-preserve-root' },
          '../evil': { adapter: 'command', command: ['node'] },
        },
        worktreeCopy: ['../../etc/passwd', '/etc/shadow'],
        reviewer: { adapter: 'claude-cod' },
      },
    );
    try {
      // `nx run-many` prints only "Failed to process project graph" for a plugin error unless
      // --verbose (Nx's own handling); `nx show projects` and `stories validate` print the problems.
      const run = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement'] });
      expect(run.status).not.toBe(0);
      const nx = await runNx({ cwd: ws.path, argv: ['show', 'projects'] });
      const validate = runStoriesCli({ cwd: ws.path, argv: ['validate'] });
      expect(nx.status).not.toBe(0);
      expect(validate.status).not.toBe(0);
      for (const pattern of [
        /option "stories" is "\.\.\/outside\/\*\.md"/,
        /gpt-9000/,
        /claude-cod.*claude-code|claude-code.*claude-cod/,
        /shell-string/,
        /agent name "\.\.\/evil"/,
        /worktreeCopy" names "\.\.\/\.\.\/etc\/passwd"/,
        /worktreeCopy" names "\/etc\/shadow"/,
      ]) {
        expect(nx.output).toMatch(pattern);
        expect(validate.output).toMatch(pattern);
      }
      expect(ws.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(ws.git('rev-list', '--count', 'main')).toBe('1');
    } finally {
      ws.cleanup();
    }
  }, 120_000);
});
