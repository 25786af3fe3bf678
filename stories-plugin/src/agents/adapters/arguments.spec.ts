/** The argument arrays each adapter builds from an agent configuration and a phase (pure). */
import { buildAiderArgs } from './aider';
import { buildClaudeCodeArgs, parseClaudeCode } from './claude-code';
import { buildCodexArgs, parseCodex } from './codex';
import { buildGeminiArgs, parseGemini } from './gemini';
import { buildOpenCodeArgs, parseOpenCode } from './opencode';
import { commandLine } from './cli-runner';

describe('claude-code arguments', () => {
  it('prints stream-json with --verbose, accepts edits by default and takes the prompt from stdin', () => {
    expect(buildClaudeCodeArgs({ config: { adapter: 'claude-code' }, phase: 'implement' })).toEqual([
      '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits',
    ]);
  });
  it('reviews read-only with the verdict schema; model, mode and args pass through', () => {
    const args = buildClaudeCodeArgs({
      config: { adapter: 'claude-code', model: 'opus', permissionMode: 'bypassPermissions', args: ['--max-turns', '40'] },
      phase: 'review',
    });
    expect(args).toEqual([
      '-p', '--output-format', 'stream-json', '--verbose', '--model', 'opus', '--permission-mode', 'bypassPermissions',
      '--json-schema', expect.stringContaining('"changes_requested"'), '--max-turns', '40',
    ]);
    expect(buildClaudeCodeArgs({ config: { adapter: 'claude-code' }, phase: 'review' })).toContain('default');
  });
  it('refuses an unknown permission mode with the accepted ones', () => {
    expect(() => buildClaudeCodeArgs({ config: { adapter: 'claude-code', permissionMode: 'yolo' }, phase: 'implement' })).toThrow(
      /claude-code: permissionMode "yolo" is not one of "acceptEdits", "auto", "bypassPermissions"/,
    );
  });
});

describe('codex arguments', () => {
  it('runs exec --json in a workspace-write sandbox with the prompt from stdin (last)', () => {
    expect(buildCodexArgs({ config: { adapter: 'codex', model: 'gpt-5-codex' }, phase: 'fix', schemaFile: '/l/s.json' })).toEqual([
      'exec', '--json', '--skip-git-repo-check', '--model', 'gpt-5-codex', '--sandbox', 'workspace-write', '-',
    ]);
  });
  it('reviews read-only with --output-schema; the bypass mode is its own flag', () => {
    expect(buildCodexArgs({ config: { adapter: 'codex', args: ['-c', 'x=1'] }, phase: 'review', schemaFile: '/l/s.json' })).toEqual([
      'exec', '--json', '--skip-git-repo-check', '--sandbox', 'read-only', '--output-schema', '/l/s.json', '-c', 'x=1', '-',
    ]);
    expect(
      buildCodexArgs({ config: { adapter: 'codex', permissionMode: 'dangerously-bypass-approvals-and-sandbox' }, phase: 'implement', schemaFile: '' }),
    ).toContain('--dangerously-bypass-approvals-and-sandbox');
  });
});

describe('gemini arguments', () => {
  it('stream-json, trusts the new worktree, auto_edit to implement, default to review', () => {
    expect(buildGeminiArgs({ config: { adapter: 'gemini', model: 'gemini-2.5-pro' }, phase: 'implement' })).toEqual([
      '--output-format', 'stream-json', '--skip-trust', '--model', 'gemini-2.5-pro', '--approval-mode', 'auto_edit',
    ]);
    expect(buildGeminiArgs({ config: { adapter: 'gemini', permissionMode: 'yolo' }, phase: 'review' })).toContain('yolo');
    expect(() => buildGeminiArgs({ config: { adapter: 'gemini', permissionMode: 'acceptEdits' }, phase: 'review' })).toThrow(/"auto_edit"/);
  });
});

describe('opencode arguments', () => {
  it('run --format json; --auto on request; the read-only plan agent for reviews unless args choose one', () => {
    expect(buildOpenCodeArgs({ config: { adapter: 'opencode', model: 'anthropic/claude-sonnet-4', permissionMode: 'auto' }, phase: 'implement' })).toEqual([
      'run', '--format', 'json', '--model', 'anthropic/claude-sonnet-4', '--auto',
    ]);
    expect(buildOpenCodeArgs({ config: { adapter: 'opencode' }, phase: 'review' })).toEqual(['run', '--format', 'json', '--agent', 'plan']);
    expect(buildOpenCodeArgs({ config: { adapter: 'opencode', args: ['--agent', 'reviewer'] }, phase: 'review' })).toEqual([
      'run', '--format', 'json', '--agent', 'reviewer',
    ]);
  });
});

describe('aider arguments', () => {
  it('reads the message file, says yes, never edits .gitignore, and dry-runs reviews', () => {
    expect(buildAiderArgs({ config: { adapter: 'aider', model: 'sonnet' }, phase: 'review', promptFile: '/l/p.md' })).toEqual([
      '--message-file', '/l/p.md', '--yes-always', '--no-pretty', '--no-stream', '--no-check-update', '--no-gitignore', '--model', 'sonnet', '--dry-run',
    ]);
    expect(() => buildAiderArgs({ config: { adapter: 'aider', permissionMode: 'auto' }, phase: 'implement', promptFile: '' })).toThrow(
      /aider has no permissionMode/,
    );
  });
});

describe('commandLine', () => {
  it('lets a configuration replace the executable (npx, an absolute path)', () => {
    expect(commandLine({ spec: { executable: 'claude' }, config: { adapter: 'claude-code' } })).toEqual(['claude']);
    expect(commandLine({ spec: { executable: 'claude' }, config: { adapter: 'claude-code', command: ['npx', '-y', '@anthropic-ai/claude-code'] } })).toEqual([
      'npx', '-y', '@anthropic-ai/claude-code',
    ]);
    expect(() => commandLine({ spec: { executable: 'x' }, config: { adapter: 'command', command: [] } })).toThrow(/non-empty array/);
  });
});

describe('parse edge cases', () => {
  const ended = { exitCode: 0, timedOut: false, timeoutSeconds: 30 };
  it('claude-code: a "successful" result with a non-zero exit is still a failure', () => {
    const stdout = '{"type":"result","subtype":"success","is_error":false,"result":"done","session_id":"s"}\n';
    expect(parseClaudeCode({ ...ended, stdout, exitCode: 1 })).toMatchObject({ ok: false, reason: 'done', sessionId: 's' });
  });
  it('claude-code: without --verbose there are no events, only the CLI\'s complaint', () => {
    const stderr = 'Error: When using --print, --output-format=stream-json requires --verbose\n';
    expect(parseClaudeCode({ ...ended, stdout: '', stderr, exitCode: 1 }).reason).toBe(
      'exit code 1: Error: When using --print, --output-format=stream-json requires --verbose',
    );
  });
  it('claude-code: a timed-out run still counts the tokens of the messages seen', () => {
    const message = '{"type":"assistant","message":{"id":"m1","usage":{"input_tokens":10,"output_tokens":5}}}\n';
    expect(parseClaudeCode({ ...ended, stdout: message + message, exitCode: null, timedOut: true })).toMatchObject({
      ok: false,
      reason: 'timed out after 30 s',
      usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 },
    });
  });
  it('codex: a refusal that completes its turn exits 0 and is "ok" (the diff decides)', () => {
    const stdout = '{"type":"item.completed","item":{"type":"agent_message","text":"I cannot help with that."}}\n{"type":"turn.completed","usage":{}}\n';
    expect(parseCodex({ ...ended, stdout })).toMatchObject({ ok: true, summary: 'I cannot help with that.' });
  });
  it('gemini: exit 0 without a result event is not a success', () => {
    expect(parseGemini({ ...ended, stdout: '{"type":"init","session_id":"g"}\n' })).toMatchObject({ ok: false, reason: 'exit code 0 but no result event' });
  });
  it('opencode: exit 0 with no events at all is not a success', () => {
    expect(parseOpenCode({ ...ended, stdout: '' })).toMatchObject({ ok: false, reason: 'exit code 0: no events' });
  });
  it('only error text can be a usage limit, never a successful reply about rate limiting', () => {
    const stdout = '{"type":"result","subtype":"success","is_error":false,"result":"Added a rate limit (429 Too Many Requests) to the API."}\n';
    expect(parseClaudeCode({ ...ended, stdout })).toMatchObject({ ok: true });
    expect(parseClaudeCode({ ...ended, stdout }).usageLimit).toBeUndefined();
  });
});
