/**
 * The single pure function through which every status change of a story goes: restore the
 * machine from the persisted record, let xstate decide, and fold the result back into the record.
 */
import { transition } from 'xstate';
import { StoriesError } from '../errors';
import { storyMachine } from './machine';
import { contextOf, StoryRecord } from './record';
import { STORY_EVENT_TYPES, StoryEvent, StoryEventType, StoryStatus } from './types';
import { validateEvent } from './validate-event';

/** The outcome of one event: the next record and what history records about it. */
export interface AppliedEvent {
  record: StoryRecord;
  from: StoryStatus;
  to: StoryStatus;
  /** The reason history shows: the event's, or the machine's own (`review rounds exhausted (3)`). */
  reason: string;
}

/** The event types a status accepts, in canonical order. */
export function allowedEvents(status: StoryStatus): StoryEventType[] {
  const own = new Set(storyMachine.states[status].ownEvents);
  return STORY_EVENT_TYPES.filter((type) => own.has(type));
}

/** Rebuilds the machine snapshot a record stands for. */
export function snapshotOf(record: StoryRecord) {
  return storyMachine.resolveState({ value: record.status, context: contextOf(record) });
}

/** True when `event` would be accepted for `record` (guards included). */
export function canApply(args: { record: StoryRecord; event: StoryEvent }): boolean {
  return snapshotOf(args.record).can(args.event);
}

/**
 * Applies one event to a record at time `now` (ISO). Throws `ILLEGAL_TRANSITION` naming the story,
 * its status and the event when the machine refuses it, or when the event is malformed.
 */
export function applyEvent(args: { record: StoryRecord; event: StoryEvent; now: string }): AppliedEvent {
  const { record, event, now } = args;
  validateEvent({ storyId: record.storyId, event });
  const snapshot = snapshotOf(record);
  if (!snapshot.can(event)) {
    throw new StoriesError({
      code: 'ILLEGAL_TRANSITION',
      message: `story ${record.storyId} is ${record.status}; ${event.type} is not allowed there (allowed: ${allowedEvents(record.status).join(', ')})`,
      hint: '`stories status` shows where each story stands; `stories reset <id>` starts a story over.',
    });
  }
  const [next] = transition(storyMachine, snapshot, event);
  const from = record.status;
  const to = next.value as StoryStatus;
  const changed = from !== to;
  const reason = (changed ? next.context.statusReason : null) ?? event.reason;
  return {
    from,
    to,
    reason,
    record: {
      ...record,
      ...next.context,
      status: to,
      revision: record.revision + 1,
      startTime: event.type === 'RESET' ? null : record.startTime ?? (to === 'In Progress' ? now : null),
      statusSince: changed || event.type === 'RESET' ? now : record.statusSince,
      lastUpdate: now,
    },
  };
}
