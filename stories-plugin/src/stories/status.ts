/**
 * Status words written in story files, mapped onto the lifecycle (contract sections 2 and 4).
 * BMAD's own words mean something about the story document: its `Approved` says the story is
 * approved for development, not that an implementation passed review, so it maps to `Not Started`.
 */
import type { StoryStatus } from './types';

// Keys are the written words lowercased with everything but letters removed, so `In Progress`,
// `in-progress`, `InProgress` and `IN_PROGRESS` are one word.
const STATUS_WORDS: Readonly<Record<string, StoryStatus>> = {
  draft: 'Not Started',
  drafted: 'Not Started',
  approved: 'Not Started',
  readyfordev: 'Not Started',
  contexted: 'Not Started',
  backlog: 'Not Started',
  todo: 'Not Started',
  notstarted: 'Not Started',
  inprogress: 'In Progress',
  review: 'Ready for Review',
  inreview: 'Ready for Review',
  readyforreview: 'Ready for Review',
  changesrequested: 'Changes Requested',
  done: 'Merged',
  complete: 'Merged',
  completed: 'Merged',
  merged: 'Merged',
  failed: 'Failed',
  blocked: 'Blocked',
};

/** The words a story may use, for error messages. */
export const ACCEPTED_STATUS_WORDS =
  'Draft, Approved, ready-for-dev, InProgress, Review, Done, or a lifecycle state (Not Started, In Progress, Ready for Review, Changes Requested, Merged, Failed, Blocked)';

/** The lifecycle state a written status means, or undefined for a word nobody uses. */
export function mapStatus(written: string): StoryStatus | undefined {
  const key = written.toLowerCase().replace(/[^a-z]/g, '');
  return Object.prototype.hasOwnProperty.call(STATUS_WORDS, key) ? STATUS_WORDS[key] : undefined;
}
