/**
 * Codex: `codex exec --json ... -` with the prompt on stdin. Events: `thread.started`,
 * `turn.started`, `item.*`, `turn.completed{usage}`, `turn.failed{error}`, `error{message}`.
 * A run succeeded when a turn completed and none failed; there is no cost field. Without a
 * network Codex retries forever ("Reconnecting... waiting for network"): only the timeout ends
 * it, and the reason quotes its last message.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentConfig } from '../../config/options';
import type { AgentAdapter, AgentParseInput, AgentResult, AgentUsage } from '../types';
import { detectUsageLimit } from '../usage-limit';
import { VERDICT_JSON_SCHEMA } from '../verdict';
import { detectCli, runCli, type CliSpec } from './cli-runner';
import { checkOption, exitReason, optionPair, requireVerdict, timedOutReason } from './common';
import { eventsOfType, numberField, objectField, parseJsonLines, stringField, type JsonEvent } from './json-lines';
import { shorten } from './text';

/** Sandbox modes (`--sandbox`), plus the flag that turns sandbox and approvals off. */
export const CODEX_PERMISSION_MODES = ['read-only', 'workspace-write', 'danger-full-access', 'dangerously-bypass-approvals-and-sandbox'] as const;

/** Where the verdict schema for `--output-schema` is written: beside the prompt file, outside the worktree. */
export function codexSchemaFile(promptFile: string): string {
  return join(dirname(promptFile), 'verdict-schema.json');
}

const spec: CliSpec = {
  adapter: 'codex',
  executable: 'codex',
  installHint: 'Install Codex with `npm i -g @openai/codex` and log in (`codex login`), or set OPENAI_API_KEY.',
  promptOnStdin: true,
  // Command executions carry their whole output; started/updated items repeat what completes.
  keepStdoutLine: (line) =>
    !line.startsWith('{"type":"item.started"') &&
    !line.startsWith('{"type":"item.updated"') &&
    !(line.startsWith('{"type":"item.completed"') && line.includes('"type":"command_execution"')),
  checkConfig,
  buildArgs: ({ request }) =>
    buildCodexArgs({ config: request.config, phase: request.phase, schemaFile: codexSchemaFile(request.promptFile) }),
  prepare: ({ request }) => {
    if (request.phase === 'review') writeFileSync(codexSchemaFile(request.promptFile), JSON.stringify(VERDICT_JSON_SCHEMA, null, 2));
  },
};

function checkConfig(config: AgentConfig): void {
  checkOption({ adapter: 'codex', option: 'permissionMode', value: config.permissionMode, allowed: CODEX_PERMISSION_MODES });
}

/**
 * Pure: the arguments after `codex`. Default sandbox: `workspace-write` to implement,
 * `read-only` to review; reviews get `--output-schema`. The final `-` reads the prompt from stdin.
 */
export function buildCodexArgs(args: { config: AgentConfig; phase: AgentParseInput['phase']; schemaFile: string }): string[] {
  const { config, phase } = args;
  checkConfig(config);
  const mode = config.permissionMode ?? (phase === 'review' ? 'read-only' : 'workspace-write');
  const sandbox = mode === 'dangerously-bypass-approvals-and-sandbox' ? [`--${mode}`] : ['--sandbox', mode];
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    ...optionPair('--model', config.model),
    ...sandbox,
    ...(phase === 'review' ? ['--output-schema', args.schemaFile] : []),
    ...(config.args ?? []),
    '-',
  ];
}

/** Pure: `exec --json` events and exit -> normalized result. */
export function parseCodex(input: AgentParseInput): AgentResult {
  const { events, malformed } = parseJsonLines(input.stdout);
  const sessionId = stringField(eventsOfType(events, 'thread.started')[0], 'thread_id');
  const completed = eventsOfType(events, 'turn.completed');
  const failures = eventsOfType(events, 'turn.failed').map(turnFailure);
  const finalText = lastAgentMessage(events);
  const base = { usage: sumUsage(completed), ...(sessionId ? { sessionId } : {}) };

  if (completed.length > 0 && failures.length === 0 && !input.timedOut && input.exitCode === 0) {
    return requireVerdict({ result: { ...base, ok: true, summary: shorten(finalText) }, phase: input.phase, finalText });
  }
  const problems = problemMessages(events);
  for (const text of [...problems].reverse()) {
    const limit = detectUsageLimit({ text, now: input.now });
    if (limit) return { ...base, ok: false, reason: `usage limit reached: ${limit.message}`, usageLimit: limit };
  }
  const lastProblem = problems.at(-1);
  if (input.timedOut) return { ...base, ok: false, reason: timedOutReason(input.timeoutSeconds, lastProblem && shorten(lastProblem, 200)) };
  if (failures.length) return { ...base, ok: false, reason: shorten(failures.at(-1) ?? '', 400) };
  const detail = lastProblem ? shorten(lastProblem, 300) : malformed.length ? `no completed turn (${malformed.length} lines were not JSON)` : undefined;
  return { ...base, ok: false, reason: exitReason(input, detail ?? (input.exitCode === 0 ? 'no completed turn' : undefined)) };
}

function sumUsage(completed: JsonEvent[]): AgentUsage {
  const total: AgentUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const event of completed) {
    const usage = objectField(event, 'usage');
    total.inputTokens += numberField(usage, 'input_tokens'); // includes cached_input_tokens
    total.outputTokens += numberField(usage, 'output_tokens');
  }
  return total;
}

function completedItems(events: JsonEvent[], type: string): Record<string, unknown>[] {
  return eventsOfType(events, 'item.completed')
    .map((event) => objectField(event, 'item'))
    .filter((item): item is Record<string, unknown> => item?.type === type);
}

function lastAgentMessage(events: JsonEvent[]): string {
  return stringField(completedItems(events, 'agent_message').at(-1), 'text') ?? '';
}

function turnFailure(event: JsonEvent): string {
  return stringField(objectField(event, 'error'), 'message') ?? 'turn failed';
}

/** Every error the run reported, in order: failed turns, error events, error items. */
function problemMessages(events: JsonEvent[]): string[] {
  const messages: string[] = [];
  for (const event of events) {
    if (event.type === 'turn.failed') messages.push(turnFailure(event));
    else if (event.type === 'error') messages.push(stringField(event, 'message') ?? '');
    else if (event.type === 'item.completed' && objectField(event, 'item')?.type === 'error') {
      messages.push(stringField(objectField(event, 'item'), 'message') ?? '');
    }
  }
  return messages.filter(Boolean);
}

/** The `codex` adapter. */
export const codexAdapter: AgentAdapter = {
  name: 'codex',
  detect: ({ config, env, cwd }) => detectCli({ spec, config, env, cwd }),
  run: ({ request }) => runCli({ request, spec, parse: parseCodex }),
  parse: parseCodex,
};
