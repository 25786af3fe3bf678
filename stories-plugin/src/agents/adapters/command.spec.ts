/** The `command` adapter against a fake agent script, checking contract section 6 item by item. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeCliSandbox, type FakeCliSandbox } from '../__fixtures__/harness';
import { isProcessAlive } from '../../process/process-group';
import { commandAdapter, commandEnvironment, parseCommand } from './command';
import type { AgentConfig } from '../../config/options';

const agentScript = join(__dirname, '..', '__fixtures__', 'command-agent.js');
const config: AgentConfig = { adapter: 'command', command: [process.execPath, agentScript] };

describe('command adapter', () => {
  let sandbox: FakeCliSandbox;
  beforeEach(() => {
    sandbox = fakeCliSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('runs in the worktree with the prompt on stdin and the STORY_* variables; exit 0 is success', async () => {
    const request = sandbox.request({ config, scenario: 'success' });
    const result = await commandAdapter.run({ request });
    expect(result).toMatchObject({ ok: true, summary: 'phase implement done for story 1.1', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } });
    const seen = sandbox.recorded();
    expect(seen.cwd).toBe(sandbox.worktree);
    expect(seen.stdin).toBe(request.prompt);
    expect(seen.env).toMatchObject({
      STORY_ID: '1.1',
      STORY_FILE: request.storyFile,
      STORY_AGENT: 'python-developer',
      STORY_PHASE: 'implement',
      STORY_PROMPT_FILE: request.promptFile,
    });
    expect(seen.env).not.toHaveProperty('STORY_FINDINGS_FILE');
    expect(seen.env).not.toHaveProperty('STORY_VERDICT_FILE');
    expect(readFileSync(seen.env.STORY_PROMPT_FILE, 'utf8')).toBe(request.prompt);
    expect(readFileSync(join(sandbox.worktree, 'hello.txt'), 'utf8')).toBe('implemented 1.1\n');
  });

  it('sets STORY_FINDINGS_FILE for fix, and appends the configured args and env', async () => {
    const findingsFile = join(sandbox.root, 'logs', 'findings.md');
    const request = sandbox.request({
      config: { ...config, args: ['--verbose'], env: { AGENT_MODE: 'strict' } },
      scenario: 'success',
      phase: 'fix',
      findingsFile,
    });
    await commandAdapter.run({ request });
    const seen = sandbox.recorded();
    expect(seen.env).toMatchObject({ STORY_PHASE: 'fix', STORY_FINDINGS_FILE: findingsFile, AGENT_MODE: 'strict' });
    expect(seen.argv).toEqual(['--verbose']); // after node and the script
  });

  it('fails on a non-zero exit with the agent\'s last error line', async () => {
    const result = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'nonzero' }) });
    expect(result).toMatchObject({ ok: false, exitCode: 2, reason: 'exit code 2: could not apply the change: tests/test_app.py missing' });
  });

  it('reads and validates the reviewer\'s verdict file', async () => {
    const verdictFile = join(sandbox.root, 'logs', 'review', 'verdict.json');
    const approve = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'review-approve', phase: 'review', verdictFile }) });
    expect(approve).toMatchObject({ ok: true, verdict: { verdict: 'approve', findings: [] } });
    expect(sandbox.recorded().env.STORY_VERDICT_FILE).toBe(verdictFile);

    const changes = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'review-changes', phase: 'review', verdictFile }) });
    expect(changes.verdict).toEqual({ verdict: 'changes_requested', findings: ['npm test fails: expected 2, got 3'] });

    const malformed = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'review-malformed', phase: 'review', verdictFile }) });
    expect(malformed.ok).toBe(false);
    expect(malformed.reason).toMatch(/^invalid verdict in .*verdict\.json: the verdict is not valid JSON/);

    const exit1 = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'review-exit-1', phase: 'review', verdictFile }) });
    expect(exit1).toMatchObject({ ok: false, reason: 'exit code 1' });
  });

  it('never takes a stale verdict file from an earlier round for a missing one', async () => {
    const verdictFile = join(sandbox.root, 'verdict.json');
    writeFileSync(verdictFile, '{"verdict":"approve","findings":[]}');
    const result = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'review-missing', phase: 'review', verdictFile }) });
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(`the reviewer exited 0 but wrote no verdict to STORY_VERDICT_FILE (${verdictFile})`);
    expect(existsSync(verdictFile)).toBe(false);
  });

  it('puts the verdict file beside the prompt file when the request names none', () => {
    const request = sandbox.request({ config, scenario: 'x', phase: 'review' });
    expect(commandEnvironment(request).STORY_VERDICT_FILE).toBe(join(sandbox.root, 'logs', '1.1', 'verdict.json'));
  });

  it('kills the agent and its children on timeout', async () => {
    const result = await commandAdapter.run({ request: sandbox.request({ config, scenario: 'timeout', timeoutSeconds: 1 }) });
    expect(result).toMatchObject({ ok: false, timedOut: true, reason: 'timed out after 1 s' });
    expect(sandbox.pids().filter(isProcessAlive)).toEqual([]);
  });

  it('uses the agent\'s own timeoutSeconds over the request\'s', async () => {
    const request = sandbox.request({ config: { ...config, timeoutSeconds: 1 }, scenario: 'timeout', timeoutSeconds: 60 });
    const result = await commandAdapter.run({ request });
    expect(result.reason).toBe('timed out after 1 s');
  });

  it('detects a missing or malformed command before anything runs', async () => {
    const env = { PATH: sandbox.path };
    expect(await commandAdapter.detect({ config, env })).toMatchObject({ available: true, path: process.execPath });
    expect(await commandAdapter.detect({ config: { adapter: 'command', command: ['tools/agents/x.js'] }, env, cwd: sandbox.root })).toEqual({
      available: false,
      hint: expect.stringMatching(/^command: tools\/agents\/x\.js does not exist or is not executable\. Check the agent's "command" option/),
    });
    expect((await commandAdapter.detect({ config: { adapter: 'command' }, env })).hint).toMatch(/"command" option is missing/);
    expect((await commandAdapter.detect({ config: { adapter: 'command', command: 'node x.js' as unknown as string[] }, env })).hint).toMatch(
      /must be a non-empty array of strings.*never a shell string/,
    );
    await expect(commandAdapter.run({ request: sandbox.request({ config: { adapter: 'command' }, scenario: 'success' }) })).rejects.toThrow(
      /"command" option is missing/,
    );
  });
});

describe('parseCommand', () => {
  const ended = { stdout: '', exitCode: 0, timedOut: false, timeoutSeconds: 30 };
  it('reports a signal kill', () => {
    expect(parseCommand({ ...ended, exitCode: null, signal: 'SIGKILL' }).reason).toBe('killed by SIGKILL');
  });
  it('requires a verdict for review only', () => {
    expect(parseCommand({ ...ended, phase: 'fix' }).ok).toBe(true);
    expect(parseCommand({ ...ended, phase: 'review', verdictText: null }).ok).toBe(false);
    expect(parseCommand({ ...ended, phase: 'review', verdictText: '{"verdict":"changes_requested","findings":[]}' }).reason).toMatch(
      /needs at least one finding/,
    );
  });
});
