/**
 * The one error type of nx-stories. Every failure a user can cause or meet carries a stable code,
 * a message that says what and where, and a hint that says what to do. The CLI and the Nx plugin
 * catch it once at the top and print it; nothing else formats errors.
 */

/** Stable codes, safe for scripts to match on. */
export type ErrorCode =
  | 'STORY_INVALID' // a story file cannot be read or parsed
  | 'GRAPH_INVALID' // unknown dependency, self-dependency, cycle, duplicate id, epic name clash
  | 'CONFIG_INVALID' // plugin options are wrong
  | 'SCOPE_INVALID' // a scope expression names nothing or something unknown
  | 'OUT_OF_SCOPE' // the user cancelled a run whose scope lacks unmerged dependencies (exit code 2)
  | 'ILLEGAL_TRANSITION' // the lifecycle machine refused an event
  | 'STATE_CORRUPT' // a state file cannot be read
  | 'LOCK_TIMEOUT' // a lock could not be taken in time
  | 'STORY_BUSY' // another live process is working on the story
  | 'GIT_FAILED' // a git command failed
  | 'MERGE_CONFLICT' // a story branch conflicts with the base branch
  | 'USER_CHANGES' // uncommitted user changes overlap a merge
  | 'PATH_UNSAFE' // a path or ref built from a story would escape the workspace
  | 'AGENT_UNAVAILABLE' // an agent CLI is not installed
  | 'AGENT_FAILED'; // an agent run did not succeed

/** One problem found in the input: where it is and what was expected there. */
export interface Problem {
  /** Workspace-relative file, when the problem is in a file. */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** What is wrong, e.g. `unknown dependency "1.9"`. */
  message: string;
  /** What was expected instead, e.g. `did you mean 1.8?`. */
  expected?: string;
}

/** The error every module throws for conditions a user must see. */
export class StoriesError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly problems: Problem[];

  constructor(args: { code: ErrorCode; message: string; hint?: string; problems?: Problem[] }) {
    super(args.message);
    this.name = 'StoriesError';
    this.code = args.code;
    this.hint = args.hint;
    this.problems = args.problems ?? [];
  }
}

/** `docs/stories/1.2.x.md:7: unknown dependency "1.9" (did you mean 1.8?)` */
export function formatProblem(problem: Problem): string {
  const where = problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ''}: ` : '';
  const expected = problem.expected ? ` (${problem.expected})` : '';
  return `${where}${problem.message}${expected}`;
}

/** Builds the one error that reports a list of problems together. */
export function problemsError(code: ErrorCode, headline: string, problems: Problem[], hint?: string): StoriesError {
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  return new StoriesError({ code, message: [headline, ...lines].join('\n'), hint, problems });
}

/** The text a user sees for any error: message, then hint; unknown errors keep their stack. */
export function describeError(error: unknown): string {
  if (error instanceof StoriesError) {
    return error.hint ? `${error.message}\nHint: ${error.hint}` : error.message;
  }
  return error instanceof Error ? error.stack ?? error.message : String(error);
}
