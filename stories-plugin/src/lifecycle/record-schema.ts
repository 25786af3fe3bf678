/**
 * Checks that parsed JSON is a valid version-1 story record, field by field, and reports every
 * problem at once. A state file that fails is reported as corrupt, never silently replaced.
 */
import { problemsError, Problem } from '../errors';
import { PHASE_RESULTS, StoryRecord } from './record';
import { STORY_PHASES, STORY_STATUSES } from './types';

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text: Check = (value) => typeof value === 'string';
const time: Check = (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const count: Check = (value) => Number.isInteger(value) && (value as number) >= 0;
const amount: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const texts: Check = (value) => Array.isArray(value) && value.every(text);
const orNull = (check: Check): Check => (value) => value === null || check(value);
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const oneOf = (values: readonly unknown[]): Check => (value) => values.includes(value);
const shape = (fields: Record<string, Check>): Check => (value) =>
  isObject(value) && Object.entries(fields).every(([key, check]) => check(value[key]));

const agentUsage = shape({ inputTokens: count, outputTokens: count, costUsd: amount });
const usage: Check = (value) =>
  agentUsage(value) &&
  isObject((value as Fields).byPhase) &&
  Object.entries((value as Fields).byPhase as Fields).every(([phase, used]) => STORY_PHASES.includes(phase as never) && agentUsage(used));
const owner = shape({ pid: count, hostname: text, processStart: optional(text), since: time });
const error = shape({ message: text, phase: optional(oneOf(STORY_PHASES)), blockedBy: optional(texts) });
const phaseEntry = shape({
  phase: oneOf(STORY_PHASES),
  start: time,
  end: optional(time),
  result: optional(oneOf(PHASE_RESULTS)),
  detail: optional(text),
});

/** Every field of a version-1 record and what it must hold. */
const V1_FIELDS: Record<keyof StoryRecord, [Check, string]> = {
  schemaVersion: [oneOf([1]), 'the number 1'],
  storyId: [(value) => typeof value === 'string' && /^\d+\.\d+$/.test(value), 'an id like "1.2"'],
  status: [oneOf(STORY_STATUSES), `one of ${STORY_STATUSES.join(', ')}`],
  revision: [count, 'a whole number >= 0'],
  createdAt: [time, 'an ISO time'],
  startTime: [orNull(time), 'an ISO time or null'],
  statusSince: [time, 'an ISO time'],
  lastUpdate: [time, 'an ISO time'],
  attempts: [count, 'a whole number >= 0'],
  reviewRounds: [count, 'a whole number >= 0'],
  maxReviewRounds: [(value) => count(value) && (value as number) >= 1, 'a whole number >= 1'],
  conflictRounds: [count, 'a whole number >= 0'],
  maxConflictRounds: [(value) => count(value) && (value as number) >= 1, 'a whole number >= 1'],
  owner: [orNull(owner), '{ pid, hostname, processStart?, since } or null'],
  error: [orNull(error), '{ message, phase?, blockedBy? } or null'],
  findings: [texts, 'a list of texts'],
  conflictPaths: [texts, 'a list of paths'],
  mergeCommit: [orNull(text), 'a commit id or null'],
  pausedUntil: [orNull(time), 'an ISO time or null'],
  awaitingReview: [(value) => typeof value === 'boolean', 'true or false'],
  statusReason: [orNull(text), 'a text or null'],
  title: [text, 'a text'],
  agent: [orNull(text), 'an agent name or null'],
  worktree: [orNull(text), 'a path or null'],
  branch: [orNull(text), 'a branch name or null'],
  dependencies: [texts, 'a list of story ids'],
  storyHash: [orNull(text), 'a hash or null'],
  wave: [orNull(count), 'a whole number or null'],
  usage: [usage, '{ inputTokens, outputTokens, costUsd, byPhase }'],
  phases: [(value) => Array.isArray(value) && value.every(phaseEntry), 'a list of { phase, start, end?, result?, detail? }'],
};

/** The field names of a version-1 record, in the order they are written. */
export const STORY_RECORD_V1_KEYS = Object.keys(V1_FIELDS) as (keyof StoryRecord)[];

/**
 * Returns `data` as a version-1 record, or throws `STATE_CORRUPT` listing every wrong, missing or
 * unknown field; `source` names the file in the message.
 */
export function parseStoryRecordV1(args: { data: unknown; source: string }): StoryRecord {
  const { data, source } = args;
  const problems: Problem[] = [];
  if (!isObject(data)) {
    problems.push({ file: source, message: 'is not a JSON object' });
  } else {
    for (const [key, [check, expected]] of Object.entries(V1_FIELDS)) {
      if (!check(data[key])) {
        problems.push({ file: source, message: `field "${key}" is ${key in data ? JSON.stringify(data[key]) : 'missing'}`, expected });
      }
    }
    for (const key of Object.keys(data)) {
      if (!(key in V1_FIELDS)) problems.push({ file: source, message: `unknown field "${key}"`, expected: 'only version-1 fields' });
    }
  }
  if (problems.length > 0) {
    throw problemsError('STATE_CORRUPT', `${source} is not a valid story record:`, problems, corruptHint(source));
  }
  return data as unknown as StoryRecord;
}

/** What to do about a corrupt state file: it is never reset behind the user's back. */
export function corruptHint(source: string): string {
  return `Fix or delete ${source} (deleting it makes the story Not Started; git history still knows what was merged).`;
}
