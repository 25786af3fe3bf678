/** Options of `nx g nx-stories:story` (see `schema.json`). */

/** What the user passes to `nx g nx-stories:story`. */
export interface StoryGeneratorSchema {
  /** Epic number (`1`) or name (`auth`); a new name starts the next free epic. Nx may pass a number. */
  epic: string | number;
  /** Nx may pass a number for a numeric title. */
  title: string | number;
  /**
   * Comma separated ids of stories this one needs merged first (`1.1,1.2`). Nx passes a single id
   * as a number (`1.10` as 1.1), which the generator reads back from the command line.
   */
  dependencies?: string | number | string[];
  /** Explicit agent name (`**Agent**:`), overriding technology detection. */
  agent?: string;
}
