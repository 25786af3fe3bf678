/**
 * The reviewer's verdict, contract section 6: `{"verdict":"approve"|"changes_requested",
 * "findings":["..."]}`. Strict on purpose: a reviewer that did not clearly approve has not
 * approved, so anything missing or malformed is reported as a failure with the reason, never
 * guessed. Pure.
 */
import type { ReviewVerdict } from './types';

/** JSON Schema of the verdict, for CLIs with structured output (`--json-schema`, `--output-schema`). */
export const VERDICT_JSON_SCHEMA = {
  type: 'object',
  properties: {
    verdict: { type: 'string', enum: ['approve', 'changes_requested'] },
    findings: { type: 'array', items: { type: 'string' } },
  },
  required: ['verdict', 'findings'],
  additionalProperties: false,
} as const;

/** Either a valid verdict or why there is none. */
export type VerdictParse = { verdict: ReviewVerdict; problem?: undefined } | { verdict?: undefined; problem: string };

/** Validates an already-parsed value (e.g. Claude Code's `structured_output`). */
export function validateVerdict(value: unknown): VerdictParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'the verdict is not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (record.verdict !== 'approve' && record.verdict !== 'changes_requested') {
    return { problem: `"verdict" must be "approve" or "changes_requested", got ${describe(record.verdict)}` };
  }
  if (!Array.isArray(record.findings)) {
    return { problem: `"findings" must be an array of strings, got ${describe(record.findings)}` };
  }
  const nonString = record.findings.find((finding) => typeof finding !== 'string');
  if (nonString !== undefined) return { problem: `every finding must be a string, got ${describe(nonString)}` };
  const findings = (record.findings as string[]).map((finding) => finding.trim()).filter(Boolean);
  if (record.verdict === 'changes_requested' && findings.length === 0) {
    return { problem: '"changes_requested" needs at least one finding saying what to change' };
  }
  return { verdict: { verdict: record.verdict, findings } };
}

/** Parses JSON text that must be exactly a verdict object (a verdict file). */
export function parseVerdictJson(text: string): VerdictParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `the verdict is not valid JSON (${(error as Error).message})` };
  }
  return validateVerdict(value);
}

/**
 * Finds the verdict in a model's final reply: the whole reply when it is JSON, else the last fenced
 * code block, else the last `{...}` object in the text that mentions "verdict". Only the
 * candidate found is validated: an invalid one is not skipped in favour of an earlier one.
 */
export function extractVerdict(text: string): VerdictParse {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'the reviewer\'s reply is empty: no verdict JSON' };
  const whole = tryJson(trimmed);
  if (whole.parsed) return validateVerdict(whole.value);
  const fences = [...trimmed.matchAll(/```[a-zA-Z]*\s*\n([\s\S]*?)```/g)];
  const fenced = fences.at(-1)?.[1]?.trim();
  if (fenced && fenced.startsWith('{')) return parseVerdictJson(fenced);
  const object = lastObjectMentioningVerdict(trimmed);
  if (object) return parseVerdictJson(object);
  return { problem: `no verdict JSON in the reviewer's reply (it ended: "${trimmed.slice(-160)}")` };
}

/** Scans balanced braces (strings respected) from the end; the last object naming "verdict". */
function lastObjectMentioningVerdict(text: string): string | undefined {
  const candidates: string[] = [];
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const end = matchingBrace(text, start);
    if (end !== -1) {
      const candidate = text.slice(start, end + 1);
      if (/"verdict"\s*:/.test(candidate)) candidates.push(candidate);
      start = end;
    }
  }
  return candidates.at(-1);
}

function tryJson(text: string): { parsed: boolean; value?: unknown } {
  if (!text.startsWith('{')) return { parsed: false };
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch {
    return { parsed: false };
  }
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
