/**
 * Which process works on a story, and whether it still runs. Reuses the lock's owner checks
 * (pid, host, and the process start time against pid reuse).
 */
import { currentOwner, isOwnerDead } from '../lock/owner';
import { ACTIVE_STATUSES, StoryOwner, StoryRecord } from '../lifecycle';

let self: Omit<StoryOwner, 'since'> | undefined;

/** This process as a story owner, taking the story at `now`. */
export function currentStoryOwner(args: { now: string }): StoryOwner {
  if (!self) {
    const { pid, hostname, processStart } = currentOwner('');
    self = processStart === undefined ? { pid, hostname } : { pid, hostname, processStart };
  }
  return { ...self, since: args.now };
}

/** True when `owner` is this very process. */
export function isThisProcess(owner: StoryOwner): boolean {
  const me = currentStoryOwner({ now: '' });
  return owner.pid === me.pid && owner.hostname === me.hostname && owner.processStart === me.processStart;
}

/** True when `owner` certainly no longer runs (owners on other hosts are never judged gone). */
export function isOwnerGone(owner: StoryOwner): boolean {
  return isOwnerDead({ ...owner, acquiredAt: owner.since, token: '' });
}

/** An active story whose owner process is gone: nobody will finish it unless it is recovered. */
export function isOrphaned(record: StoryRecord): boolean {
  return ACTIVE_STATUSES.includes(record.status) && record.owner !== null && isOwnerGone(record.owner);
}

/** Who holds the story, for messages. */
export function describeOwner(owner: StoryOwner): string {
  return `pid ${owner.pid} on ${owner.hostname} (since ${owner.since})`;
}
