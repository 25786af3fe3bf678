/**
 * Pieces every adapter's pure `parse` and argument builder share: zero usage, option checks,
 * the timeout and exit reasons, and the reviewer's mandatory verdict. Pure.
 */
import type { AgentConfig } from '../../config/options';
import { StoriesError } from '../../errors';
import type { AgentParseInput, AgentResult, AgentUsage } from '../types';
import { extractVerdict, validateVerdict } from '../verdict';
import { lastMeaningfulLines } from './text';

/** Usage when the CLI reports none. */
export function emptyUsage(): AgentUsage {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

/** `timed out after 30 s`, the reason every adapter gives for a killed run. */
export function timedOutReason(timeoutSeconds: number, lastWords?: string): string {
  return lastWords ? `timed out after ${timeoutSeconds} s (last message: ${lastWords})` : `timed out after ${timeoutSeconds} s`;
}

/** `exit code 2: <last stderr lines>` or `killed by SIGKILL`. */
export function exitReason(input: Pick<AgentParseInput, 'exitCode' | 'signal' | 'stderr'>, detail?: string): string {
  const how = input.exitCode === null ? `killed by ${input.signal ?? 'a signal'}` : `exit code ${input.exitCode}`;
  const why = detail || lastMeaningfulLines(input.stderr);
  return why ? `${how}: ${why}` : how;
}

/** Throws CONFIG_INVALID unless `value` is one of `allowed` (an unset value is fine). */
export function checkOption(args: { adapter: string; option: keyof AgentConfig; value: string | undefined; allowed: readonly string[] }): void {
  const { adapter, option, value, allowed } = args;
  if (value === undefined || allowed.includes(value)) return;
  if (allowed.length === 0) {
    throw new StoriesError({
      code: 'CONFIG_INVALID',
      message: `${adapter} has no ${option} (got "${value}")`,
      hint: `Leave ${option} out of this agent's configuration.`,
    });
  }
  throw new StoriesError({
    code: 'CONFIG_INVALID',
    message: `${adapter}: ${option} "${value}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
    hint: `Set ${option} to one of them, or leave it out for the default.`,
  });
}

/** `--model X`-style pair when set. */
export function optionPair(flag: string, value: string | undefined): string[] {
  return value ? [flag, value] : [];
}

/**
 * For the review phase: a successful run must carry a valid verdict, taken from the CLI's
 * structured output when it has one, else from the final reply text. Other phases pass through.
 */
export function requireVerdict(args: {
  result: AgentResult;
  phase: AgentParseInput['phase'];
  finalText: string;
  structured?: unknown;
}): AgentResult {
  const { result, phase, finalText, structured } = args;
  if (phase !== 'review' || !result.ok) return result;
  const parsed = structured !== undefined && structured !== null ? validateVerdict(structured) : extractVerdict(finalText);
  if (parsed.verdict) return { ...result, verdict: parsed.verdict };
  return { ...result, ok: false, reason: `the reviewer gave no valid verdict: ${parsed.problem}` };
}
