/**
 * Checks an event's payload before the machine sees it: events arrive from executors and from the
 * command line, and whatever they carry is persisted, so a malformed one is refused with a message
 * that names the story, the event and the field.
 */
import { StoriesError } from '../errors';
import { STORY_EVENT_TYPES, STORY_PHASES, StoryEvent, StoryEventType } from './types';

const COMMIT = /^[0-9a-f]{7,64}$/;

type Fields = Record<string, unknown>;

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function ownerProblem(owner: unknown): string | undefined {
  if (owner === undefined) return undefined;
  const fields = owner as Fields;
  const valid =
    typeof owner === 'object' &&
    owner !== null &&
    Number.isInteger(fields.pid) &&
    typeof fields.hostname === 'string' &&
    typeof fields.since === 'string' &&
    (fields.processStart === undefined || typeof fields.processStart === 'string');
  return valid ? undefined : '"owner" must be { pid, hostname, processStart?, since }';
}

/** The problem with one event's own payload fields, if any. */
function payloadProblem(type: StoryEventType, event: Fields): string | undefined {
  switch (type) {
    case 'START':
    case 'START_FIX':
      return ownerProblem(event.owner);
    case 'REQUEST_CHANGES':
      return isStringList(event.findings) ? undefined : '"findings" must be a list of texts';
    case 'CONFLICT':
      return isStringList(event.paths) ? ownerProblem(event.owner) : '"paths" must be a list of paths';
    case 'MERGE':
      return typeof event.commit === 'string' && COMMIT.test(event.commit)
        ? undefined
        : '"commit" must be a commit id (lowercase hex)';
    case 'ALREADY_MERGED':
      return event.commit === undefined || (typeof event.commit === 'string' && COMMIT.test(event.commit))
        ? undefined
        : '"commit", when given, must be a commit id (lowercase hex)';
    case 'FAIL':
      return STORY_PHASES.includes(event.phase as never) ? undefined : `"phase" must be one of ${STORY_PHASES.join(', ')}`;
    case 'BLOCK':
      return isStringList(event.blockedBy) && event.blockedBy.length > 0
        ? undefined
        : '"blockedBy" must list the blocking story ids';
    case 'PAUSE':
      return event.resetAt === undefined || (typeof event.resetAt === 'string' && !Number.isNaN(Date.parse(event.resetAt)))
        ? undefined
        : '"resetAt", when given, must be an ISO time';
    default:
      return undefined;
  }
}

/** Throws `ILLEGAL_TRANSITION` unless `event` is a well-formed lifecycle event. */
export function validateEvent(args: { storyId: string; event: unknown }): asserts args is { storyId: string; event: StoryEvent } {
  const { storyId, event } = args;
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Fields;
  const type = fields.type as StoryEventType;
  let problem: string | undefined;
  if (!STORY_EVENT_TYPES.includes(type)) {
    problem = `unknown event ${JSON.stringify(fields.type)} (known: ${STORY_EVENT_TYPES.join(', ')})`;
  } else if (typeof fields.reason !== 'string' || fields.reason.trim() === '') {
    problem = `${type} needs a "reason" text for the history`;
  } else {
    const payload = payloadProblem(type, fields);
    if (payload) problem = `${type}: ${payload}`;
  }
  if (problem) {
    throw new StoriesError({
      code: 'ILLEGAL_TRANSITION',
      message: `story ${storyId}: ${problem}`,
      hint: 'This is a malformed lifecycle event; nothing was written.',
    });
  }
}
