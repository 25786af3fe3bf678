/**
 * Every adapter against a fake executable that speaks its CLI's real output protocol: success,
 * an error result with exit 0, a non-zero exit, a malformed line, a usage limit, a timeout
 * (process group gone), and the reviewer's verdict. Real processes, real logs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeCliSandbox, type FakeCliSandbox } from '../__fixtures__/harness';
import { processGroupMembers, isProcessAlive } from '../../process/process-group';
import { getAdapter } from '../registry';
import type { AgentPhase, AgentResult } from '../types';
import type { AgentConfig } from '../../config/options';

interface Scenario {
  scenario: string;
  phase?: AgentPhase;
  expect: (result: AgentResult) => void;
}

const failsWith = (reason: RegExp) => (result: AgentResult) => {
  expect(result.ok).toBe(false);
  expect(result.reason).toMatch(reason);
  expect(result.usageLimit).toBeUndefined();
};
const limited = (message: RegExp, resetAt?: RegExp) => (result: AgentResult) => {
  expect(result.ok).toBe(false);
  expect(result.usageLimit?.message).toMatch(message);
  if (resetAt) expect(result.usageLimit?.resetAt).toMatch(resetAt);
};

const table: Array<{ adapter: string; config: AgentConfig; scenarios: Scenario[] }> = [
  {
    adapter: 'claude-code',
    config: { adapter: 'claude-code', model: 'sonnet' },
    scenarios: [
      {
        scenario: 'success',
        expect: (r) =>
          expect(r).toMatchObject({
            ok: true,
            summary: 'Implemented the greeting endpoint and its tests.',
            usage: { inputTokens: 2000, outputTokens: 450, costUsd: 0.0421 },
            sessionId: '5f3c9a1e-0000-4000-8000-000000000001',
            exitCode: 0,
            timedOut: false,
          }),
      },
      { scenario: 'error-exit-0', expect: (r) => expect(r).toMatchObject({ ok: false, reason: 'Not logged in · Please run /login', exitCode: 0 }) },
      { scenario: 'not-logged-in', expect: failsWith(/^Not logged in · Please run \/login$/) },
      { scenario: 'max-turns', expect: failsWith(/^error_max_turns after 30 turns$/) },
      { scenario: 'nonzero', expect: failsWith(/^exit code 1: API Error: Connection error\.$/) },
      { scenario: 'malformed', expect: (r) => expect(r).toMatchObject({ ok: true, summary: 'Done despite a stray line.' }) },
      { scenario: 'usage-limit', expect: limited(/hit your limit · resets 3pm/, /^2026-01-01T00:00:00\.000Z$/) },
      { scenario: 'review-approve', phase: 'review', expect: (r) => expect(r).toMatchObject({ ok: true, verdict: { verdict: 'approve', findings: [] } }) },
      {
        scenario: 'review-text',
        phase: 'review',
        expect: (r) => expect(r.verdict).toEqual({ verdict: 'changes_requested', findings: ['add a test for empty names'] }),
      },
      { scenario: 'review-invalid', phase: 'review', expect: failsWith(/no valid verdict: no verdict JSON in the reviewer's reply/) },
    ],
  },
  {
    adapter: 'codex',
    config: { adapter: 'codex', model: 'gpt-5-codex' },
    scenarios: [
      {
        scenario: 'success',
        expect: (r) =>
          expect(r).toMatchObject({
            ok: true,
            summary: 'Added the greeting endpoint with tests.',
            usage: { inputTokens: 2400, outputTokens: 380, costUsd: 0 },
            sessionId: '0199a213-81c0-7800-8aa1-bbab2a035a53',
          }),
      },
      { scenario: 'error-exit-0', expect: failsWith(/^unexpected status 401 Unauthorized/) },
      { scenario: 'nonzero', expect: failsWith(/^exit code 1: Error: thread\/start failed: sandbox error/) },
      { scenario: 'malformed', expect: (r) => expect(r).toMatchObject({ ok: true, summary: 'Done.' }) },
      { scenario: 'usage-limit', expect: limited(/hit your usage limit/, /^\d{4}-\d\d-\d\dT/) },
      { scenario: 'review-approve', phase: 'review', expect: (r) => expect(r.verdict).toEqual({ verdict: 'approve', findings: [] }) },
      { scenario: 'review-invalid', phase: 'review', expect: failsWith(/no valid verdict: "verdict" must be "approve" or "changes_requested", got "maybe"/) },
    ],
  },
  {
    adapter: 'gemini',
    config: { adapter: 'gemini', model: 'gemini-2.5-pro' },
    scenarios: [
      {
        scenario: 'success',
        expect: (r) =>
          expect(r).toMatchObject({
            ok: true,
            summary: 'Implemented the greeting endpoint.',
            usage: { inputTokens: 2800, outputTokens: 300, costUsd: 0 },
            sessionId: 'c0ffee00-1111-4222-8333-444455556666',
          }),
      },
      { scenario: 'error-exit-0', expect: failsWith(/^result status "error": Model stream ended with an invalid chunk/) },
      { scenario: 'nonzero', expect: failsWith(/^exit code 1: \[API Error: fetch failed\]$/) },
      { scenario: 'no-auth', expect: failsWith(/^exit code 41: Please set an Auth method .*GEMINI_API_KEY/) },
      { scenario: 'bad-input', expect: failsWith(/^bad input \(exit code 42: Exiting due to an error processing the @ command\.\)$/) },
      { scenario: 'turn-limit', expect: failsWith(/^turn limit reached \(exit code 53: Reached max session turns/) },
      { scenario: 'malformed', expect: (r) => expect(r).toMatchObject({ ok: true, summary: 'Done.' }) },
      { scenario: 'usage-limit', expect: limited(/exhausted your capacity/, /^\d{4}-\d\d-\d\dT/) },
      { scenario: 'review-approve', phase: 'review', expect: (r) => expect(r.verdict).toEqual({ verdict: 'approve', findings: [] }) },
      { scenario: 'review-invalid', phase: 'review', expect: failsWith(/no valid verdict: "findings" must be an array of strings, got nothing/) },
    ],
  },
  {
    adapter: 'opencode',
    config: { adapter: 'opencode', model: 'anthropic/claude-sonnet-4' },
    scenarios: [
      {
        scenario: 'success',
        expect: (r) =>
          expect(r).toMatchObject({
            ok: true,
            summary: 'Implemented the greeting endpoint.',
            usage: { inputTokens: 2800, outputTokens: 240, costUsd: 0.003 },
            sessionId: 'ses_5a1b2c3d4e5fFAKE',
          }),
      },
      { scenario: 'nonzero-but-finished', expect: (r) => expect(r).toMatchObject({ ok: true, exitCode: 1 }) },
      { scenario: 'error-exit-0', expect: failsWith(/^ProviderAuthError: No API key found for provider anthropic$/) },
      { scenario: 'nonzero', expect: failsWith(/^exit code 1: Error: Unexpected error, check log file/) },
      { scenario: 'malformed', expect: (r) => expect(r).toMatchObject({ ok: true, summary: 'Done.' }) },
      { scenario: 'usage-limit', expect: limited(/Rate limit exceeded/, /^\d{4}-\d\d-\d\dT/) },
      {
        scenario: 'review-changes',
        phase: 'review',
        expect: (r) => expect(r.verdict).toEqual({ verdict: 'changes_requested', findings: ['handle empty names'] }),
      },
      { scenario: 'review-invalid', phase: 'review', expect: failsWith(/no valid verdict/) },
    ],
  },
  {
    adapter: 'aider',
    config: { adapter: 'aider', model: 'sonnet' },
    scenarios: [
      {
        scenario: 'success',
        expect: (r) =>
          expect(r).toMatchObject({
            ok: true,
            summary: expect.stringMatching(/^process finished/),
            usage: { inputTokens: 5100, outputTokens: 240, costUsd: 0.0144 },
          }),
      },
      { scenario: 'error-exit-0', expect: failsWith(/^model API error: The API provider is not able to authenticate you/) },
      { scenario: 'nonzero', expect: failsWith(/^exit code 1: Traceback .* KeyboardInterrupt$/) },
      { scenario: 'malformed', expect: (r) => expect(r.ok).toBe(true) },
      { scenario: 'usage-limit', expect: limited(/rate limited you/) },
      { scenario: 'review-approve', phase: 'review', expect: (r) => expect(r.verdict).toEqual({ verdict: 'approve', findings: [] }) },
      { scenario: 'review-invalid', phase: 'review', expect: failsWith(/no valid verdict/) },
    ],
  },
];

describe.each(table)('$adapter adapter against its fake CLI', ({ adapter, config, scenarios }) => {
  let sandbox: FakeCliSandbox;
  beforeEach(() => {
    sandbox = fakeCliSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it.each(scenarios)('$scenario', async ({ scenario, phase, expect: check }) => {
    const request = sandbox.request({ config, scenario, phase });
    const result = await getAdapter(adapter).run({ request });
    check(result);
    expect(result.timedOut).toBe(false);
    expect(readFileSync(request.promptFile, 'utf8')).toBe(request.prompt);
    expect(sandbox.log()).toMatch(/\[nx-stories\] (exit code|killed)/);
  });

  it('passes the prompt and the model, runs in the worktree', async () => {
    const request = sandbox.request({ config, scenario: 'success' });
    await getAdapter(adapter).run({ request });
    const seen = sandbox.recorded();
    expect(seen.cwd).toBe(sandbox.worktree);
    expect(seen.stdin ?? seen.message).toBe(request.prompt);
    expect(seen.argv.join(' ')).toContain(config.model);
  });

  it('fails a run that does not start, with the install hint', async () => {
    const request = sandbox.request({ config: { ...config, command: [join(sandbox.root, 'missing', 'cli')] }, scenario: 'success' });
    const result = await getAdapter(adapter).run({ request });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^command not found: .*missing\/cli\. Install /);
  });

  it('on timeout kills the CLI and its children and says "timed out after N s"', async () => {
    const request = sandbox.request({ config, scenario: 'timeout', timeoutSeconds: 1 });
    const result = await getAdapter(adapter).run({ request });
    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(result.reason).toMatch(/^timed out after 1 s/);
    const pids = sandbox.pids();
    expect(pids).toHaveLength(2);
    expect(pids.filter(isProcessAlive)).toEqual([]);
    expect(processGroupMembers(pids[0])).toEqual([]);
    expect(sandbox.log()).toContain('timed out after 1 s');
  });

  it('detects the CLI on the PATH it will get, and says how to install it when missing', async () => {
    const found = await getAdapter(adapter).detect({ config, env: { PATH: sandbox.path } });
    expect(found).toEqual({ available: true, path: expect.stringContaining(join(sandbox.root, 'bin')) });
    const missing = await getAdapter(adapter).detect({ config, env: { PATH: join(sandbox.root, 'empty') } });
    expect(missing.available).toBe(false);
    expect(missing.hint).toMatch(/is not on PATH\. Install .*(npm i -g|pip)/);
  });
});

describe('the timeout reasons quote what the CLI said last', () => {
  let sandbox: FakeCliSandbox;
  beforeEach(() => {
    sandbox = fakeCliSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('codex: the reconnect message', async () => {
    const request = sandbox.request({ config: { adapter: 'codex' }, scenario: 'timeout', timeoutSeconds: 1 });
    const result = await getAdapter('codex').run({ request });
    expect(result.reason).toBe('timed out after 1 s (last message: Reconnecting... waiting for network (Connection failed: error sending request))');
  });
});
