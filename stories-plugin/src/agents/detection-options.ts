/**
 * The plugin option `detection` (agent name -> signal words) applied to the signal table. Pure.
 *
 * Each word of an agent's list:
 * - `"sqlalchemy"` adds a signal (weight by kind: heading 4, file extension 4, path or file name 4,
 *   word 3), `"sqlalchemy=5"` with an explicit weight (1-10);
 * - `"!go"` removes that default signal, `"!*"` removes all of the agent's defaults (replace);
 * - a new agent name (e.g. `rust-developer`) becomes a candidate agent of its own.
 */
import { problemsError, type Problem } from '../errors';
import { DEFAULT_DETECTION_SIGNALS, type DetectionSignal, type DetectionTable } from './detection-signals';

/** Agent names become tags and worktree path parts: lowercase letters, digits and dashes. */
export const AGENT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** True for a safe agent name (`python-developer`). */
export function isValidAgentName(name: string): boolean {
  return AGENT_NAME_PATTERN.test(name);
}

/** The table the option describes, on top of `defaults` (the built-in table by default). */
export function mergeDetectionSignals(args: { option?: unknown; defaults?: DetectionTable }): DetectionTable {
  const defaults = args.defaults ?? DEFAULT_DETECTION_SIGNALS;
  if (args.option === undefined) return defaults;
  const problems: Problem[] = [];
  if (typeof args.option !== 'object' || args.option === null || Array.isArray(args.option)) {
    throw problemsError('CONFIG_INVALID', 'invalid plugin option "detection"', [
      { message: `expected an object of agent name -> list of signal words, got ${JSON.stringify(args.option)}` },
    ]);
  }
  const table: Record<string, DetectionSignal[]> = Object.fromEntries(Object.entries(defaults).map(([agent, list]) => [agent, [...list]]));
  for (const [agent, words] of Object.entries(args.option as Record<string, unknown>)) {
    if (!isValidAgentName(agent)) {
      problems.push({ message: `detection: agent name "${agent}" is not allowed`, expected: 'lowercase letters, digits and dashes, e.g. "rust-developer"' });
      continue;
    }
    if (!Array.isArray(words) || words.some((word) => typeof word !== 'string' || !word.trim())) {
      problems.push({ message: `detection.${agent} must be a list of non-empty strings`, expected: '["sqlalchemy", "alembic=5", "!flask"]' });
      continue;
    }
    table[agent] = applyWords({ agent, current: table[agent] ?? [], words: words as string[], problems });
  }
  if (problems.length) {
    throw problemsError('CONFIG_INVALID', 'invalid plugin option "detection"', problems, 'See the detection option in the README.');
  }
  return table;
}

function applyWords(args: { agent: string; current: DetectionSignal[]; words: string[]; problems: Problem[] }): DetectionSignal[] {
  let list = args.current;
  for (const raw of args.words) {
    const word = raw.trim();
    if (word === '!*') {
      list = [];
    } else if (word.startsWith('!')) {
      const target = word.slice(1).toLowerCase();
      list = list.filter((signal) => signal.match.toLowerCase() !== target);
    } else {
      const weighted = /^(.*?)=(\d+)$/.exec(word);
      const match = weighted ? weighted[1].trim() : word;
      const weight = weighted ? Number(weighted[2]) : defaultWeight(match);
      if (!match || weight < 1 || weight > 10) {
        args.problems.push({ message: `detection.${args.agent}: "${raw}" has a weight outside 1-10`, expected: '"word=5"' });
        continue;
      }
      list = [...list.filter((signal) => signal.match !== match), { match, weight }];
    }
  }
  return list;
}

function defaultWeight(match: string): number {
  if (match.startsWith('#') || /^\.[A-Za-z0-9]+$/.test(match) || /[./]/.test(match)) return 4;
  return 3;
}
