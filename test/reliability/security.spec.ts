/**
 * Security through the real pipeline (issue 9): story file names, titles and epics full of shell
 * metacharacters, `..`, unicode, trailer forgeries and very long names are implemented and merged
 * without running anything they say and without a path or ref outside the story's own; secrets
 * in the orchestrator's environment reach no agent, log, state file or nx output; the agent's
 * environment (dumped by the agent and by the test command) holds only allow-listed variables,
 * and a configured secret is masked in the logs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_ENV_ALLOW_LIST } from '../../stories-plugin/src/agents/environment';
import { tempDir } from '../../stories-plugin/src/testing/temp-dir';
import { completedRunProblems, readHistoryLines, readRecords } from './support/invariants';
import { runNx } from './support/nx-process';
import { TOOLS, scriptedStory } from './support/stories';
import { reliabilityWorkspace, runStoriesCli } from './support/workspace';

/** Secrets in the environment nx runs in: none may reach an agent or be written anywhere. */
const ORCHESTRATOR_SECRETS: Record<string, string> = {
  ANTHROPIC_API_KEY: 'sk-test-secret-123456',
  NPM_TOKEN: 'npm-secret-abcdef123',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-xyz123456',
  GITHUB_TOKEN: 'ghp_secret9999999999',
  MY_APP_PASSWORD: 'hunter2hunter2',
  UNEXPECTED_VARIABLE: 'surprise-value-777',
};
/** A secret the agent is configured with (it gets it) that must be masked in what is written. */
const CONFIGURED_SECRET = { DEPLOY_TOKEN: 'sk-config-secret-654321' };
/** Variables the shell itself adds to what `env` prints. */
const SHELL_VARIABLES = ['PWD', 'OLDPWD', 'SHLVL', '_'];

const ENV_DUMP = ['echo "--- env begin ---"', 'env', 'echo "--- env end ---"'];

/** Story files whose names, titles and fields try to inject commands, escape paths or forge trailers. */
function hostileStories(): Record<string, string> {
  const story = (id: string, title: string, extra: string[] = []) =>
    // The title goes only into the heading: the story's own script (which its author may make
    // run anything) writes a fixed text, so any PWNED file would come from nx-stories itself.
    scriptedStory({ id, title: 'placeholder', before: ENV_DUMP, test: `env; test -f src/${id}.txt`, frontMatter: extra }).replace(
      `# Story ${id}: placeholder`,
      `# Story ${id}: ${title}`,
    );
  return {
    'docs/stories/1.1.$(touch PWNED-name).md': story('1.1', '$(touch PWNED-title) `touch PWNED-backtick` ; touch PWNED-semicolon'),
    'docs/stories/1.2.`touch PWNED-file`.md': story('1.2', 'Backticks in the name'),
    'docs/stories/1.3.a b; rm -rf ~ #.md': story('1.3', 'Spaces and a semicolon'),
    'docs/stories/1.4.ünïcødé-日本語-ёж.md': story('1.4', 'Ünïcødé 日本語 — ёж'),
    [`docs/stories/1.5.${'very-long-name-'.repeat(14)}.md`]: story('1.5', 'L'.repeat(400)),
    'docs/stories/1.6...--..--...md': story('1.6', '../../../../etc/passwd', ['epic: "$(touch PWNED-epic)"']),
    'docs/stories/1.7.日本語.md': story('1.7', '日本語のみ'),
    'docs/stories/1.8.forge.md': story('1.8', 'Forgery', ['title: "Forge\\n\\nStory-Id: 1.1\\nStory-Hash: forged"']),
  };
}

const IDS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8'];

/** Every `NAME=value` line between the dump markers of every log of the workspace, by log file. */
function dumpedEnvironments(root: string): Map<string, Map<string, string>> {
  const dumps = new Map<string, Map<string, string>>();
  const logs = join(root, '.agent-orchestration/logs');
  for (const id of readdirSync(logs)) {
    for (const name of readdirSync(join(logs, id)).filter((file) => file.endsWith('.log'))) {
      const text = readFileSync(join(logs, id, name), 'utf8');
      const begin = text.indexOf('--- env begin ---\n', text.indexOf('\n$ env') >= 0 ? text.indexOf('\n$ env') : 0);
      const block = begin >= 0 ? text.slice(begin, text.indexOf('--- env end ---', begin)) : text;
      const variables = new Map<string, string>();
      for (const line of block.split('\n')) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        if (match) variables.set(match[1], match[2]);
      }
      if (variables.size > 0) dumps.set(`${id}/${name}`, variables);
    }
  }
  return dumps;
}

function allowed(name: string): boolean {
  return (
    SHELL_VARIABLES.includes(name) ||
    name.startsWith('STORY_') ||
    name in CONFIGURED_SECRET ||
    BASE_ENV_ALLOW_LIST.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry))
  );
}

/** Files anywhere under `dir` (symlinks not followed) whose text holds `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const result = execFileSync('grep', ['-r', '-l', '-F', '--', needle, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return result.split('\n').filter(Boolean);
}

function safeFilesContaining(dir: string, needle: string): string[] {
  try {
    return filesContaining(dir, needle);
  } catch {
    return []; // grep exits 1 when nothing matches
  }
}

/** Files named PWNED* under `dir`, down to `depth` levels (node_modules and unreadable folders skipped). */
function pwned(dir: string, depth = 12): string[] {
  const result = spawnSync('find', [dir, '-maxdepth', String(depth), '-name', 'node_modules', '-prune', '-o', '-name', 'PWNED*', '-print'], { encoding: 'utf8' });
  return (result.stdout ?? '').split('\n').filter(Boolean);
}

describe('security through the real pipeline', () => {
  it('implements hostile-named stories safely, keeps secrets out of agents, logs, state and output, and gives agents only allow-listed variables', async () => {
    const outside = tempDir('nx-stories-outside-');
    const ws = reliabilityWorkspace(hostileStories(), {
      agents: { 'general-developer': { adapter: 'command', command: ['node', join(TOOLS, 'offline-agent.js')], env: CONFIGURED_SECRET } },
    });
    try {
      const before = new Set(readdirSync(ws.path));
      const pwnedBefore = [...pwned(tmpdir(), 1), ...pwned(homedir(), 1)];
      const result = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement', '--parallel', '4'], env: ORCHESTRATOR_SECRETS });
      expect({ status: result.status, tail: result.status === 0 ? '' : result.output.slice(-4000) }).toEqual({ status: 0, tail: '' });
      expect(completedRunProblems(ws, IDS)).toEqual([]);

      // Nothing a name, title or field said was run; nothing was created outside the known folders.
      expect(pwned(ws.path)).toEqual([]);
      expect([...pwned(tmpdir(), 1), ...pwned(homedir(), 1)]).toEqual(pwnedBefore);
      const created = readdirSync(ws.path).filter((name) => !before.has(name)).sort();
      expect(created.filter((name) => !['.agent-orchestration', '.nx', '.worktrees', 'src'].includes(name))).toEqual([]);
      expect(readdirSync(join(ws.path, '.agent-orchestration')).sort()).toEqual(
        expect.arrayContaining(['history.jsonl', 'locks', 'logs', 'orchestration-state.json', ...IDS.map((id) => `story-${id}.json`)]),
      );
      expect(readdirSync(join(ws.path, '.agent-orchestration/logs')).sort()).toEqual([...IDS].sort());

      // Every ref the run made was a story branch of the plain form; the forged trailer counts for nothing.
      const records = readRecords(ws.path);
      for (const id of IDS) expect(records[id].branch).toMatch(new RegExp(`^story/${id.replace('.', '\\.')}-[a-z0-9]+(?:-[a-z0-9]+)*$`));
      const reflogRefs = execFileSync('git', ['reflog', 'show', '--all', '--format=%gs'], { cwd: ws.path, encoding: 'utf8' });
      expect(reflogRefs).not.toMatch(/PWNED|\.\.\//);
      const trailerIds = ws.git('log', '--first-parent', '--merges', '--format=%(trailers:key=Story-Id,valueonly)', 'main').split('\n').filter(Boolean).sort();
      expect(trailerIds).toEqual([...IDS].sort());
      const subjects = ws.git('log', '--first-parent', '--merges', '--format=%s', 'main');
      // The title as markdown reads it (inline code marks dropped), as plain text, nothing run.
      expect(subjects).toContain('Merge story 1.1: $(touch PWNED-title) touch PWNED-backtick ; touch PWNED-semicolon');
      expect(subjects).toContain('Merge story 1.8: Forge Story-Id: 1.1 Story-Hash: forged'); // flattened: it forges nothing

      // Secrets: not in any agent's environment, log, state or history file, commit, or nx output.
      const dumps = dumpedEnvironments(ws.path);
      expect(dumps.size).toBeGreaterThanOrEqual(IDS.length * 2); // each agent and each test command dumped
      for (const [log, variables] of dumps) {
        expect({ log, unexpected: [...variables.keys()].filter((name) => !allowed(name)) }).toEqual({ log, unexpected: [] });
        // The implementing agent and its test command get the configured secret, masked in the log;
        // the reviewer (configured without it) does not get it at all.
        const expectedToken = /\/(implement|test)-/.test(log) ? '***' : undefined;
        expect({ log, token: variables.get('DEPLOY_TOKEN') }).toEqual({ log, token: expectedToken });
      }
      const history = JSON.stringify(readHistoryLines(ws.path));
      // Everything committed, but nx.json: the test itself wrote the configured secret there.
      const everything = execFileSync('git', ['log', '--all', '-p', '--format=%B', '--', '.', ':(exclude)nx.json'], { cwd: ws.path, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      for (const secret of [...Object.values(ORCHESTRATOR_SECRETS), CONFIGURED_SECRET.DEPLOY_TOKEN]) {
        expect({ secret, files: safeFilesContaining(join(ws.path, '.agent-orchestration'), secret) }).toEqual({ secret, files: [] });
        expect(result.output).not.toContain(secret);
        expect(history).not.toContain(secret);
        expect(everything).not.toContain(secret);
      }
    } finally {
      ws.cleanup();
      outside.cleanup();
    }
  }, 600_000);

  it('refuses a story file that is a symbolic link to a file outside the workspace, and never writes through it', async () => {
    const outside = tempDir('nx-stories-outside-');
    const target = join(outside.path, 'outside-story.md');
    const original = scriptedStory({ id: '1.1', title: 'Outside' });
    writeFileSync(target, original);
    const ws = reliabilityWorkspace({ 'docs/stories/1.2.inside.md': scriptedStory({ id: '1.2', title: 'Inside' }) });
    try {
      symlinkSync(target, join(ws.path, 'docs/stories/1.1.outside.md'));
      ws.commit('a story linked from elsewhere');
      const validate = runStoriesCli({ cwd: ws.path, argv: ['validate'] });
      expect(validate.status).toBe(1);
      expect(validate.output).toMatch(/docs\/stories\/1\.1\.outside\.md: is a symbolic link to .*outside-story\.md, outside the workspace/);
      const result = await runNx({ cwd: ws.path, argv: ['run-many', '-t', 'implement'] });
      expect(result.status).not.toBe(0);
      expect(readFileSync(target, 'utf8')).toBe(original);
      expect(existsSync(join(outside.path, 'src'))).toBe(false);
    } finally {
      ws.cleanup();
      outside.cleanup();
    }
  }, 300_000);
});
