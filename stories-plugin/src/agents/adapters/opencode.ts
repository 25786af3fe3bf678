/**
 * OpenCode: `opencode run --format json`, prompt on stdin. Events: `step_start`, `text{part.text}`,
 * `tool_use`, `step_finish{part.tokens, part.cost, part.reason}`, `error{error.name, error.data.message}`.
 * Its exit code is unreliable, so the events decide: success needs a finished step and no error
 * event. Reviews run OpenCode's read-only `plan` agent unless `args` picks another.
 */
import type { AgentConfig } from '../../config/options';
import type { AgentAdapter, AgentParseInput, AgentResult, AgentUsage } from '../types';
import { detectUsageLimit } from '../usage-limit';
import { detectCli, runCli, type CliSpec } from './cli-runner';
import { checkOption, exitReason, optionPair, requireVerdict, timedOutReason } from './common';
import { eventsOfType, numberField, objectField, parseJsonLines, stringField, type JsonEvent } from './json-lines';
import { lastMeaningfulLines, shorten } from './text';

/** `auto` adds `--auto` (approve every permission not explicitly denied); `default` adds nothing. */
export const OPENCODE_PERMISSION_MODES = ['default', 'auto'] as const;

const spec: CliSpec = {
  adapter: 'opencode',
  executable: 'opencode',
  installHint: 'Install OpenCode with `npm i -g opencode-ai` and log in (`opencode auth login`), or set a provider key.',
  promptOnStdin: true,
  keepStdoutLine: (line) => !line.startsWith('{"type":"tool_use"'),
  checkConfig,
  buildArgs: ({ request }) => buildOpenCodeArgs({ config: request.config, phase: request.phase }),
};

function checkConfig(config: AgentConfig): void {
  checkOption({ adapter: 'opencode', option: 'permissionMode', value: config.permissionMode, allowed: OPENCODE_PERMISSION_MODES });
}

/** Pure: the arguments after `opencode`. */
export function buildOpenCodeArgs(args: { config: AgentConfig; phase: AgentParseInput['phase'] }): string[] {
  const { config, phase } = args;
  checkConfig(config);
  const extra = config.args ?? [];
  const choosesAgent = extra.some((arg) => arg === '--agent' || arg.startsWith('--agent='));
  return [
    'run',
    '--format', 'json',
    ...optionPair('--model', config.model),
    ...(config.permissionMode === 'auto' ? ['--auto'] : []),
    ...(phase === 'review' && !choosesAgent ? ['--agent', 'plan'] : []),
    ...extra,
  ];
}

/** Pure: JSON events -> normalized result (the exit code only breaks ties). */
export function parseOpenCode(input: AgentParseInput): AgentResult {
  const { events, malformed } = parseJsonLines(input.stdout);
  const sessionId = events.map((event) => stringField(event, 'sessionID')).find(Boolean);
  const steps = eventsOfType(events, 'step_finish');
  const errors = eventsOfType(events, 'error').map(errorMessage);
  const finalText = lastReply(events);
  const base = { usage: sumUsage(steps), ...(sessionId ? { sessionId } : {}) };
  const lastReason = stringField(objectField(steps.at(-1), 'part'), 'reason');

  if (steps.length > 0 && errors.length === 0 && !input.timedOut && (input.exitCode === 0 || lastReason === 'stop')) {
    return requireVerdict({ result: { ...base, ok: true, summary: shorten(finalText) }, phase: input.phase, finalText });
  }
  for (const text of [...errors].reverse()) {
    const limit = detectUsageLimit({ text, now: input.now });
    if (limit) return { ...base, ok: false, reason: `usage limit reached: ${limit.message}`, usageLimit: limit };
  }
  const lastWords = errors.at(-1) ?? (lastMeaningfulLines(input.stderr) || undefined);
  if (input.timedOut) {
    if (lastWords) return { ...base, ok: false, reason: timedOutReason(input.timeoutSeconds, shorten(lastWords, 200)) };
    const silent = events.length === 0 ? ' (opencode printed no events)' : '';
    return { ...base, ok: false, reason: `${timedOutReason(input.timeoutSeconds)}${silent}` };
  }
  if (errors.length) return { ...base, ok: false, reason: shorten(errors.at(-1) ?? '', 400) };
  const detail = events.length === 0 ? `no events${malformed.length ? ` (${malformed.length} lines were not JSON)` : ''}` : 'no finished step';
  return { ...base, ok: false, reason: exitReason(input, lastMeaningfulLines(input.stderr) || detail) };
}

function errorMessage(event: JsonEvent): string {
  const error = objectField(event, 'error');
  const message = stringField(objectField(error, 'data'), 'message') ?? stringField(error, 'message');
  const name = stringField(error, 'name');
  if (message) return name && name !== 'UnknownError' ? `${name}: ${message}` : message;
  return name ?? stringField(event, 'error') ?? 'error event without a message';
}

function sumUsage(steps: JsonEvent[]): AgentUsage {
  const total: AgentUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const step of steps) {
    const part = objectField(step, 'part');
    const tokens = objectField(part, 'tokens');
    const cache = objectField(tokens, 'cache');
    total.inputTokens += numberField(tokens, 'input') + numberField(cache, 'read') + numberField(cache, 'write');
    total.outputTokens += numberField(tokens, 'output') + numberField(tokens, 'reasoning');
    total.costUsd += numberField(part, 'cost');
  }
  return total;
}

/** The text parts of the last message that has any. */
function lastReply(events: JsonEvent[]): string {
  const texts = eventsOfType(events, 'text').map((event) => objectField(event, 'part'));
  const lastMessage = stringField(texts.at(-1), 'messageID');
  return texts
    .filter((part) => stringField(part, 'messageID') === lastMessage)
    .map((part) => stringField(part, 'text') ?? '')
    .join('\n');
}

/** The `opencode` adapter. */
export const openCodeAdapter: AgentAdapter = {
  name: 'opencode',
  detect: ({ config, env, cwd }) => detectCli({ spec, config, env, cwd }),
  run: ({ request }) => runCli({ request, spec, parse: parseOpenCode }),
  parse: parseOpenCode,
};
