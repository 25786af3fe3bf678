/**
 * Gemini CLI: `gemini --output-format stream-json --skip-trust`, prompt on stdin (a non-TTY stdin
 * runs it headless). Events: `init{session_id}`, `message{role,content,delta}`,
 * `tool_use`, `tool_result`, `error{severity,message}`, `result{status,error,stats}`. Exit codes:
 * 0 ok, 1 error, 42 bad input, 53 turn limit, others (41: no auth) with a plain-text reason on
 * stderr. `--skip-trust` because our worktree is new to it: without it Gemini refuses to run
 * headless in an untrusted folder (exit 55).
 */
import type { AgentConfig } from '../../config/options';
import type { AgentAdapter, AgentParseInput, AgentResult } from '../types';
import { detectUsageLimit } from '../usage-limit';
import { detectCli, runCli, type CliSpec } from './cli-runner';
import { checkOption, exitReason, optionPair, requireVerdict, timedOutReason } from './common';
import { eventsOfType, numberField, objectField, parseJsonLines, stringField, type JsonEvent } from './json-lines';
import { lastMeaningfulLines, shorten } from './text';

/** `--approval-mode` values. */
export const GEMINI_APPROVAL_MODES = ['default', 'auto_edit', 'yolo', 'plan'] as const;

const EXIT_MEANINGS: Record<number, string> = { 42: 'bad input', 53: 'turn limit reached' };

const spec: CliSpec = {
  adapter: 'gemini',
  executable: 'gemini',
  installHint: 'Install Gemini CLI with `npm i -g @google/gemini-cli` and log in (`gemini`), or set GEMINI_API_KEY.',
  promptOnStdin: true,
  keepStdoutLine: (line) => !line.startsWith('{"type":"tool_result"'),
  checkConfig,
  buildArgs: ({ request }) => buildGeminiArgs({ config: request.config, phase: request.phase }),
};

function checkConfig(config: AgentConfig): void {
  checkOption({ adapter: 'gemini', option: 'permissionMode', value: config.permissionMode, allowed: GEMINI_APPROVAL_MODES });
}

/** Pure: the arguments after `gemini`. Default approval: `auto_edit` to implement, `default` to review. */
export function buildGeminiArgs(args: { config: AgentConfig; phase: AgentParseInput['phase'] }): string[] {
  const { config, phase } = args;
  checkConfig(config);
  const approval = config.permissionMode ?? (phase === 'review' ? 'default' : 'auto_edit');
  return [
    '--output-format', 'stream-json',
    '--skip-trust',
    ...optionPair('--model', config.model),
    '--approval-mode', approval,
    ...(config.args ?? []),
  ];
}

/** Pure: stream-json events, exit code and stderr -> normalized result. */
export function parseGemini(input: AgentParseInput): AgentResult {
  const { events, malformed } = parseJsonLines(input.stdout);
  const sessionId = stringField(eventsOfType(events, 'init')[0], 'session_id');
  const result = eventsOfType(events, 'result').at(-1);
  const stats = objectField(result, 'stats');
  const usage = { inputTokens: numberField(stats, 'input_tokens'), outputTokens: numberField(stats, 'output_tokens'), costUsd: 0 };
  const base = { usage, ...(sessionId ? { sessionId } : {}) };
  const finalText = assistantText(events);

  if (input.exitCode === 0 && !input.timedOut && stringField(result, 'status') === 'success') {
    return requireVerdict({ result: { ...base, ok: true, summary: shorten(finalText) }, phase: input.phase, finalText });
  }
  const resultError = stringField(objectField(result, 'error'), 'message');
  const errorEvents = eventsOfType(events, 'error').map((event) => stringField(event, 'message') ?? '').filter(Boolean);
  const stderr = lastMeaningfulLines(input.stderr, 3);
  for (const text of [resultError, ...[...errorEvents].reverse(), stderr]) {
    const limit = text ? detectUsageLimit({ text, now: input.now }) : undefined;
    if (limit) return { ...base, ok: false, reason: `usage limit reached: ${limit.message}`, usageLimit: limit };
  }
  const lastWords = resultError ?? errorEvents.at(-1);
  if (input.timedOut) return { ...base, ok: false, reason: timedOutReason(input.timeoutSeconds, lastWords && shorten(lastWords, 200)) };
  const meaning = input.exitCode !== null ? EXIT_MEANINGS[input.exitCode] : undefined;
  const detail = shorten(lastWords ?? '', 300) || stderr || (malformed.length ? `${malformed.length} lines were not JSON` : '');
  if (input.exitCode === 0) {
    return { ...base, ok: false, reason: result ? `result status "${stringField(result, 'status')}"${detail ? `: ${detail}` : ''}` : 'exit code 0 but no result event' };
  }
  const reason = exitReason(input, detail || undefined);
  return { ...base, ok: false, reason: meaning ? `${meaning} (${reason})` : reason };
}

/** The assistant's reply: message deltas after the last user message, joined. */
function assistantText(events: JsonEvent[]): string {
  let text = '';
  for (const event of eventsOfType(events, 'message')) {
    if (event.role === 'user') text = '';
    else if (event.role === 'assistant') text += stringField(event, 'content') ?? '';
  }
  return text;
}

/** The `gemini` adapter. */
export const geminiAdapter: AgentAdapter = {
  name: 'gemini',
  detect: ({ config, env, cwd }) => detectCli({ spec, config, env, cwd }),
  run: ({ request }) => runCli({ request, spec, parse: parseGemini }),
  parse: parseGemini,
};
