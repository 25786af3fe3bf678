/**
 * Claude Code: `claude -p --output-format stream-json --verbose`, prompt on stdin (robust to
 * any prompt size, and to variadic options such as `--allowedTools` in `args` that would swallow
 * a prompt argument). The final `result` event decides, and both its `is_error` and the exit code
 * are checked: Claude Code prints `subtype: "success"` with `is_error: true` when not logged in.
 */
import type { AgentConfig } from '../../config/options';
import type { AgentAdapter, AgentParseInput, AgentResult, AgentUsage } from '../types';
import { detectUsageLimit, epochSecondsToIso } from '../usage-limit';
import { VERDICT_JSON_SCHEMA } from '../verdict';
import { detectCli, runCli, type CliSpec } from './cli-runner';
import { checkOption, emptyUsage, exitReason, optionPair, requireVerdict, timedOutReason } from './common';
import { eventsOfType, numberField, objectField, parseJsonLines, stringField, type JsonEvent } from './json-lines';
import { shorten } from './text';

/** `--permission-mode` values Claude Code accepts. */
export const CLAUDE_PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'] as const;

const spec: CliSpec = {
  adapter: 'claude-code',
  executable: 'claude',
  installHint: 'Install Claude Code with `npm i -g @anthropic-ai/claude-code` and log in (`claude` then /login), or set ANTHROPIC_API_KEY.',
  promptOnStdin: true,
  // Tool results (whole files) come back as "user" events; partial chunks as "stream_event".
  keepStdoutLine: (line) => !line.startsWith('{"type":"user"') && !line.startsWith('{"type":"stream_event"'),
  checkConfig,
  buildArgs: ({ request }) => buildClaudeCodeArgs({ config: request.config, phase: request.phase }),
};

function checkConfig(config: AgentConfig): void {
  checkOption({ adapter: 'claude-code', option: 'permissionMode', value: config.permissionMode, allowed: CLAUDE_PERMISSION_MODES });
}

/**
 * Pure: the arguments after `claude`. Default permission mode: `acceptEdits` to implement (edits
 * pass, shell commands are refused in print mode: set `bypassPermissions` to let it run tests),
 * `default` to review (read-only tools only). Reviews ask for the verdict with `--json-schema`.
 */
export function buildClaudeCodeArgs(args: { config: AgentConfig; phase: AgentParseInput['phase'] }): string[] {
  const { config, phase } = args;
  checkConfig(config);
  const permissionMode = config.permissionMode ?? (phase === 'review' ? 'default' : 'acceptEdits');
  return [
    '-p',
    '--output-format', 'stream-json',
    '--verbose',
    ...optionPair('--model', config.model),
    '--permission-mode', permissionMode,
    ...(phase === 'review' ? ['--json-schema', JSON.stringify(VERDICT_JSON_SCHEMA)] : []),
    ...(config.args ?? []),
  ];
}

/** Pure: stream-json output and exit -> normalized result. */
export function parseClaudeCode(input: AgentParseInput): AgentResult {
  const { events, malformed } = parseJsonLines(input.stdout);
  const result = eventsOfType(events, 'result').at(-1);
  const init = events.find((event) => event.type === 'system' && event.subtype === 'init');
  const sessionId = stringField(result, 'session_id') ?? stringField(init, 'session_id');
  const usage = result ? resultUsage(result) : assistantUsage(events);
  const base = { usage, ...(sessionId ? { sessionId } : {}) };
  const resultText = stringField(result, 'result') ?? '';

  const succeeded =
    result !== undefined && !input.timedOut && result.is_error !== true && result.subtype === 'success' && input.exitCode === 0;
  if (succeeded) {
    return requireVerdict({
      result: { ...base, ok: true, summary: shorten(resultText) },
      phase: input.phase,
      finalText: resultText,
      structured: result.structured_output,
    });
  }
  const limit = usageLimitOf({ events, result, resultText, now: input.now });
  if (limit) return { ...base, ok: false, reason: `usage limit reached: ${limit.message}`, usageLimit: limit };
  if (input.timedOut) return { ...base, ok: false, reason: timedOutReason(input.timeoutSeconds) };
  if (!result) {
    const detail = malformed.length ? `no result event (${malformed.length} lines were not JSON)` : undefined;
    return { ...base, ok: false, reason: exitReason(input, detail ?? (input.exitCode === 0 ? 'no result event' : undefined)) };
  }
  return { ...base, ok: false, reason: failureText(result, resultText, input), ...(resultText.trim() ? { summary: shorten(resultText) } : {}) };
}

function failureText(result: JsonEvent, resultText: string, input: AgentParseInput): string {
  if (resultText.trim()) return shorten(resultText, 400);
  const errors = Array.isArray(result.errors) ? result.errors.filter((e): e is string => typeof e === 'string') : [];
  const subtype = stringField(result, 'subtype') ?? 'unknown';
  if (errors.length) return shorten(`${subtype}: ${errors.join('; ')}`, 400);
  if (result.is_error === true || subtype !== 'success') return `${subtype}${result.num_turns ? ` after ${String(result.num_turns)} turns` : ''}`;
  return exitReason(input);
}

function resultUsage(result: JsonEvent): AgentUsage {
  const usage = objectField(result, 'usage');
  return {
    inputTokens: numberField(usage, 'input_tokens') + numberField(usage, 'cache_creation_input_tokens') + numberField(usage, 'cache_read_input_tokens'),
    outputTokens: numberField(usage, 'output_tokens'),
    costUsd: numberField(result, 'total_cost_usd'),
  };
}

/** Without a result (timeout): tokens of the assistant messages seen, each message once; cost unknown. */
function assistantUsage(events: JsonEvent[]): AgentUsage {
  const byMessage = new Map<string, AgentUsage>();
  for (const event of eventsOfType(events, 'assistant')) {
    const message = objectField(event, 'message');
    const usage = objectField(message, 'usage');
    const id = stringField(message, 'id');
    if (!usage || !id) continue;
    byMessage.set(id, {
      inputTokens: numberField(usage, 'input_tokens') + numberField(usage, 'cache_creation_input_tokens') + numberField(usage, 'cache_read_input_tokens'),
      outputTokens: numberField(usage, 'output_tokens'),
      costUsd: 0,
    });
  }
  const total = emptyUsage();
  for (const usage of byMessage.values()) {
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
  }
  return total;
}

/** A rejected `rate_limit_event`, or an error result whose text reports a limit. */
function usageLimitOf(args: { events: JsonEvent[]; result?: JsonEvent; resultText: string; now?: number }) {
  const rejected = eventsOfType(args.events, 'rate_limit_event')
    .map((event) => objectField(event, 'rate_limit_info'))
    .filter((info) => info?.status === 'rejected')
    .at(-1);
  if (rejected) {
    const resetsAt = numberField(rejected, 'resetsAt');
    const kind = stringField(rejected, 'rateLimitType');
    const fromText = args.result?.is_error === true ? detectUsageLimit({ text: args.resultText, now: args.now }) : undefined;
    const message = fromText?.message ?? `Claude usage limit reached${kind ? ` (${kind})` : ''}`;
    const resetAt = resetsAt ? epochSecondsToIso(resetsAt) : fromText?.resetAt;
    return resetAt ? { message, resetAt } : { message };
  }
  if (args.result?.is_error !== true) return undefined;
  const status = args.result.api_error_status;
  const text = status === 429 && !args.resultText ? 'rate limited (HTTP 429)' : args.resultText;
  return detectUsageLimit({ text, now: args.now });
}

/** The `claude-code` adapter. */
export const claudeCodeAdapter: AgentAdapter = {
  name: 'claude-code',
  detect: ({ config, env, cwd }) => detectCli({ spec, config, env, cwd }),
  run: ({ request }) => runCli({ request, spec, parse: parseClaudeCode }),
  parse: parseClaudeCode,
};
