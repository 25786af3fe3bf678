/** The lifecycle states of a story (contract section 4), spelled as users see them. */
export type StoryStatus =
  | 'Not Started'
  | 'In Progress'
  | 'Ready for Review'
  | 'Changes Requested'
  | 'Approved'
  | 'Merged'
  | 'Failed'
  | 'Blocked';

/** A story as parsed from its markdown file: pure data, no I/O. */
export interface Story {
  /** `epic.story`, e.g. `1.10`. */
  id: string;
  /** Epic number (the part before the dot). */
  epic: number;
  /** Story number within the epic (the part after the dot). */
  number: number;
  /** Slug of the epic name (`auth`), or the epic number as text when no story names it. */
  epicName: string;
  /** The epic name slug this file itself declares (front matter or `**Epic**:`), if any. */
  declaredEpicName?: string;
  title: string;
  /** Lowercase dash slug from the file name or title, safe for branch names. */
  slug: string;
  /** Explicit dependency ids as written in the story, normalized (`1.1`), in order, unique. */
  dependencies: string[];
  /** The status written in the file, mapped onto the lifecycle; undefined when none is written. */
  status?: StoryStatus;
  /** The status text exactly as written (`Done`, `in-progress`), for messages. */
  rawStatus?: string;
  /** Explicit agent name; overrides technology detection. */
  agent?: string;
  /** The story's own test command line (run with `sh -c` in the worktree). */
  test?: string;
  /** Bullet items of the `## Acceptance Criteria` section. */
  acceptanceCriteria: string[];
  /** Workspace-relative path of the story file, with forward slashes. */
  file: string;
  /**
   * sha256 (hex) of the normalized file text (`stories/hash.ts`): what the orchestrator and agents
   * write into a story during a run (review, status, ticked boxes, agent records) does not count.
   */
  contentHash: string;
  /** 1-based lines where fields were declared, for messages that point at them. */
  lines: StoryFieldLines;
}

/** 1-based lines of the fields a message may point at; absent when the field is not written. */
export interface StoryFieldLines {
  id?: number;
  title?: number;
  epic?: number;
  dependencies?: number;
  status?: number;
  agent?: number;
}
