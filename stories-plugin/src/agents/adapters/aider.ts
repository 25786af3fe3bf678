/**
 * Aider: `aider --message-file <prompt> --yes-always ...`. It prints no JSON and exits 0 even
 * when the model API failed, so its success means only "the process finished": the orchestrator
 * judges by the diff and the tests. What this adapter can do is catch the obvious API-error
 * texts (litellm errors, "The API provider ...") and read its token/cost lines.
 */
import type { AgentConfig } from '../../config/options';
import type { AgentAdapter, AgentParseInput, AgentResult, AgentUsage } from '../types';
import { detectUsageLimit } from '../usage-limit';
import { detectCli, runCli, type CliSpec } from './cli-runner';
import { checkOption, exitReason, optionPair, requireVerdict, timedOutReason } from './common';
import { lastMeaningfulLines, shorten, stripAnsi } from './text';

/** What `ok` means for aider. */
export const AIDER_FINISHED_SUMMARY = 'process finished (aider reports no result of its own: the diff and the tests decide)';

const API_ERROR_LINES = [
  /litellm\.\w*(?:Error|Exception)\b/,
  /\bThe API provider\b/i,
  /\b(?:AuthenticationError|APIConnectionError|RateLimitError|NotFoundError|ServiceUnavailableError|BadRequestError)\b/,
  /Missing these environment variables/i,
  /\bNo API key\b/i,
];

const spec: CliSpec = {
  adapter: 'aider',
  executable: 'aider',
  installHint: 'Install aider with `python -m pip install aider-install && aider-install` (or `pipx install aider-chat`) and set your provider\'s API key.',
  promptOnStdin: false,
  checkConfig,
  buildArgs: ({ request }) => buildAiderArgs({ config: request.config, phase: request.phase, promptFile: request.promptFile }),
};

function checkConfig(config: AgentConfig): void {
  checkOption({ adapter: 'aider', option: 'permissionMode', value: config.permissionMode, allowed: [] });
}

/**
 * Pure: the arguments after `aider`. `--no-gitignore` keeps it from editing `.gitignore` in the
 * worktree; reviews run with `--dry-run` so the reviewer changes nothing.
 */
export function buildAiderArgs(args: { config: AgentConfig; phase: AgentParseInput['phase']; promptFile: string }): string[] {
  const { config, phase } = args;
  checkConfig(config);
  return [
    '--message-file', args.promptFile,
    '--yes-always',
    '--no-pretty',
    '--no-stream',
    '--no-check-update',
    '--no-gitignore',
    ...optionPair('--model', config.model),
    ...(phase === 'review' ? ['--dry-run'] : []),
    ...(config.args ?? []),
  ];
}

/** Pure: plain-text output and exit -> normalized result. */
export function parseAider(input: AgentParseInput): AgentResult {
  const stdout = stripAnsi(input.stdout);
  const text = `${stdout}\n${stripAnsi(input.stderr ?? '')}`;
  const base = { usage: readUsage(text) };
  const apiError = text.split('\n').map((line) => line.trim()).filter((line) => API_ERROR_LINES.some((p) => p.test(line))).at(-1);

  if (apiError) {
    const limit = detectUsageLimit({ text: apiError, now: input.now });
    if (limit) return { ...base, ok: false, reason: `usage limit reached: ${limit.message}`, usageLimit: limit };
  }
  if (input.timedOut) return { ...base, ok: false, reason: timedOutReason(input.timeoutSeconds, apiError && shorten(apiError, 200)) };
  if (input.exitCode !== 0) return { ...base, ok: false, reason: exitReason(input, apiError ? shorten(apiError, 300) : lastMeaningfulLines(text)) };
  if (apiError) return { ...base, ok: false, reason: `model API error: ${shorten(apiError, 300)}` };
  return requireVerdict({ result: { ...base, ok: true, summary: AIDER_FINISHED_SUMMARY }, phase: input.phase, finalText: stdout });
}

/**
 * Sums aider's `Tokens: 4.2k sent, 1.1k cache write, 120 received. Cost: $0.01 message, $0.03 session.`
 * lines; the cost is the last session total.
 */
function readUsage(text: string): AgentUsage {
  const usage: AgentUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const line of text.split('\n')) {
    if (!/^\s*Tokens:/.test(line)) continue;
    const sent = /([\d.]+)(k?) sent/.exec(line);
    const received = /([\d.]+)(k?) received/.exec(line);
    if (sent) usage.inputTokens += tokens(sent);
    if (received) usage.outputTokens += tokens(received);
    const session = /\$([\d.]+) session/.exec(line);
    if (session) usage.costUsd = Number(session[1]);
  }
  return usage;
}

function tokens(match: RegExpExecArray): number {
  return Math.round(Number(match[1]) * (match[2] === 'k' ? 1000 : 1));
}

/** The `aider` adapter. */
export const aiderAdapter: AgentAdapter = {
  name: 'aider',
  detect: ({ config, env, cwd }) => detectCli({ spec, config, env, cwd }),
  run: ({ request }) => runCli({ request, spec, parse: parseAider }),
  parse: parseAider,
};
