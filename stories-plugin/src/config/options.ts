/**
 * The plugin options users write in `nx.json` (`{ "plugin": "nx-stories", "options": {...} }`),
 * contract sections 2, 3 and 6. Everything is optional; `resolveOptions` fills the defaults.
 */

/** How one agent is run: an adapter name plus that adapter's own options. */
export interface AgentConfig {
  /** `claude-code`, `codex`, `gemini`, `opencode`, `aider` or `command`. */
  adapter: string;
  /** For `command`: the argument array to spawn (never a shell string). */
  command?: string[];
  /** Model name passed to the CLI (`--model`, `-m`). */
  model?: string;
  /** Claude Code permission mode, Codex sandbox, Gemini approval mode, ... as the adapter maps it. */
  permissionMode?: string;
  /** Extra CLI arguments appended as given. */
  args?: string[];
  /** Extra environment variables for the agent process. */
  env?: Record<string, string>;
  /** Overrides `agentTimeoutSeconds` for this agent. */
  timeoutSeconds?: number;
}

/** The options object as written by the user. */
export interface StoriesPluginOptions {
  /** Glob of story files, relative to the workspace root. Default `docs/stories/*.md`. */
  stories?: string;
  /** Prefix of project names. Default `story-`. */
  projectPrefix?: string;
  /** Every story of epic > 0 depends on every story of epic 0. Default true. */
  foundationDependencies?: boolean;
  /** Each story depends on the previous story of its epic. Default false. */
  sameEpicOrder?: boolean;
  /** Branch that stories start from and merge into. Default: the workspace's current branch. */
  baseBranch?: string;
  /** Named agent configurations. */
  agents?: Record<string, AgentConfig>;
  /** Agent whose configuration runs agent names that have none of their own. */
  defaultAgent?: string;
  /** Agent name, configuration, or `"human"`. */
  reviewer?: string | AgentConfig;
  /** Seconds before an agent's process group is killed. Default 1800. */
  agentTimeoutSeconds?: number;
  /** Review rounds before a story fails. Default 3. */
  maxReviewRounds?: number;
  /** Test command line for stories that name none (`sh -c` in the worktree). */
  testCommand?: string;
  /** Untracked files copied from the workspace into every new worktree (e.g. `.env`). */
  worktreeCopy?: string[];
  /** Command lines run in every new worktree before the agent starts (e.g. `npm ci`). */
  worktreeSetup?: string[];
  /** Extra or replacement technology-detection signals, keyed by agent name. */
  detection?: Record<string, string[]>;
  /** Stop starting agent work on a story once it has cost this much. */
  maxCostUsdPerStory?: number;
  /** Stop starting agent work in a run once the run has cost this much. */
  maxCostUsd?: number;
}
