/** Options of `nx g nx-stories:init` (see `schema.json`). */
import type { InitAdapter } from './defaults';

/** What the user passes to `nx g nx-stories:init`. */
export interface InitGeneratorSchema {
  /** The CLI of the default agent. Default `claude-code`. */
  agent?: InitAdapter;
  /** Do not check that the workspace is a git repository (tests, unusual set-ups). */
  skipGitCheck?: boolean;
}
