/**
 * Plugin options as written in `nx.json` -> the complete, checked options every module uses.
 * Every mistake is reported at once as `CONFIG_INVALID`, naming the option and what it expects.
 */
import { problemsError, type Problem } from '../errors';
import { didYouMean } from './did-you-mean';
import type { AgentConfig, StoriesPluginOptions } from './options';

import { ADAPTER_NAMES } from '../agents/registry';

/** The adapters an agent configuration may name (contract section 6): the registry's. */
export { ADAPTER_NAMES };

/** The options with every default filled in. */
export interface ResolvedOptions {
  stories: string;
  projectPrefix: string;
  foundationDependencies: boolean;
  sameEpicOrder: boolean;
  /** Undefined: the workspace's current branch (resolved by whoever runs git). */
  baseBranch?: string;
  /** Always holds a configuration for `defaultAgent` (`claude-code` unless the user gives one). */
  agents: Record<string, AgentConfig>;
  defaultAgent: string;
  /** An agent name, `"human"`, or a configuration. Default: `defaultAgent`. */
  reviewer: string | AgentConfig;
  agentTimeoutSeconds: number;
  maxReviewRounds: number;
  testCommand?: string;
  worktreeCopy: string[];
  worktreeSetup: string[];
  detection: Record<string, string[]>;
  maxCostUsdPerStory?: number;
  maxCostUsd?: number;
}

/** The defaults of contract sections 2, 3 and 6. */
export const DEFAULT_OPTIONS = {
  stories: 'docs/stories/*.md',
  projectPrefix: 'story-',
  foundationDependencies: true,
  sameEpicOrder: false,
  defaultAgent: 'general-developer',
  defaultAdapter: 'claude-code',
  agentTimeoutSeconds: 1800,
  maxReviewRounds: 3,
} as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PROJECT_PREFIX = /^[A-Za-z0-9._-]*$/;
const KNOWN_KEYS: readonly (keyof StoriesPluginOptions)[] = [
  'stories', 'projectPrefix', 'foundationDependencies', 'sameEpicOrder', 'baseBranch', 'agents', 'defaultAgent', 'reviewer',
  'agentTimeoutSeconds', 'maxReviewRounds', 'testCommand', 'worktreeCopy', 'worktreeSetup', 'detection', 'maxCostUsdPerStory', 'maxCostUsd',
];
const AGENT_KEYS: readonly (keyof AgentConfig)[] = ['adapter', 'command', 'model', 'permissionMode', 'args', 'env', 'timeoutSeconds'];

/**
 * Fills the defaults into `options` (the object under the plugin in `nx.json`; undefined means
 * none) and checks every value. Throws `CONFIG_INVALID` listing every wrong option.
 */
export function resolveOptions(options?: StoriesPluginOptions | null): ResolvedOptions {
  const problems: Problem[] = [];
  const input: Record<string, unknown> = isRecord(options) ? options : {};
  if (options !== undefined && options !== null && !isRecord(options)) problems.push({ message: 'the plugin options are not an object', expected: '{ "stories": "docs/stories/*.md", ... }' });
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.includes(key as keyof StoriesPluginOptions)) problems.push({ message: `unknown option "${key}"`, expected: didYouMean(key, KNOWN_KEYS) });
  }
  const check = new Checker(problems);

  const stories = check.text(input.stories, 'stories') ?? DEFAULT_OPTIONS.stories;
  if (!isRelativePath(stories) || !stories.endsWith('.md')) {
    problems.push({ message: `option "stories" is "${stories}"`, expected: 'a glob of markdown files inside the workspace, e.g. "docs/stories/*.md"' });
  }
  const projectPrefix = check.text(input.projectPrefix, 'projectPrefix', { empty: true }) ?? DEFAULT_OPTIONS.projectPrefix;
  if (!PROJECT_PREFIX.test(projectPrefix)) problems.push({ message: `option "projectPrefix" is "${projectPrefix}"`, expected: 'letters, digits, ".", "_" and "-" only' });

  const agents: Record<string, AgentConfig> = {};
  if (input.agents !== undefined) {
    if (!isRecord(input.agents)) problems.push({ message: 'option "agents" is not an object', expected: '{ "<name>": { "adapter": "claude-code" } }' });
    else for (const [name, config] of Object.entries(input.agents)) {
      if (!NAME.test(name)) problems.push({ message: `agent name "${name}" in option "agents"`, expected: 'letters, digits, ".", "_" and "-", e.g. python-developer' });
      const agent = check.agent(config, `agents.${name}`);
      if (agent) agents[name] = agent;
    }
  }
  const defaultAgent = check.name(input.defaultAgent, 'defaultAgent') ?? DEFAULT_OPTIONS.defaultAgent;
  agents[defaultAgent] ??= { adapter: DEFAULT_OPTIONS.defaultAdapter };

  let reviewer: string | AgentConfig = defaultAgent;
  if (typeof input.reviewer === 'string') reviewer = check.name(input.reviewer, 'reviewer') ?? defaultAgent;
  else if (input.reviewer !== undefined) reviewer = check.agent(input.reviewer, 'reviewer') ?? defaultAgent;

  const detection: Record<string, string[]> = {};
  if (input.detection !== undefined) {
    if (!isRecord(input.detection)) problems.push({ message: 'option "detection" is not an object', expected: '{ "<agent name>": ["signal", ...] }' });
    else for (const [name, signals] of Object.entries(input.detection)) detection[name] = check.texts(signals, `detection.${name}`) ?? [];
  }

  const resolved: ResolvedOptions = {
    stories,
    projectPrefix,
    foundationDependencies: check.flag(input.foundationDependencies, 'foundationDependencies') ?? DEFAULT_OPTIONS.foundationDependencies,
    sameEpicOrder: check.flag(input.sameEpicOrder, 'sameEpicOrder') ?? DEFAULT_OPTIONS.sameEpicOrder,
    baseBranch: check.text(input.baseBranch, 'baseBranch'),
    agents,
    defaultAgent,
    reviewer,
    agentTimeoutSeconds: check.number(input.agentTimeoutSeconds, 'agentTimeoutSeconds') ?? DEFAULT_OPTIONS.agentTimeoutSeconds,
    maxReviewRounds: check.number(input.maxReviewRounds, 'maxReviewRounds', { integer: true }) ?? DEFAULT_OPTIONS.maxReviewRounds,
    testCommand: check.text(input.testCommand, 'testCommand'),
    worktreeCopy: check.texts(input.worktreeCopy, 'worktreeCopy') ?? [],
    worktreeSetup: check.texts(input.worktreeSetup, 'worktreeSetup') ?? [],
    detection,
    maxCostUsdPerStory: check.number(input.maxCostUsdPerStory, 'maxCostUsdPerStory'),
    maxCostUsd: check.number(input.maxCostUsd, 'maxCostUsd'),
  };
  for (const path of resolved.worktreeCopy) {
    if (!isRelativePath(path)) problems.push({ message: `option "worktreeCopy" names "${path}"`, expected: 'paths inside the workspace, without ".."' });
  }
  if (problems.length > 0) {
    throw problemsError('CONFIG_INVALID', 'nx-stories: invalid plugin options (nx.json, plugin "nx-stories"):', problems, 'see the options in the README');
  }
  return resolved;
}

/** Type checks that record a problem and return undefined for a wrong value. */
class Checker {
  constructor(private readonly problems: Problem[]) {}

  text(value: unknown, key: string, opts: { empty?: boolean } = {}): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (opts.empty || value.trim() !== '')) return value;
    this.problems.push({ message: `option "${key}" is ${describe(value)}`, expected: 'a non-empty text' });
    return undefined;
  }

  name(value: unknown, key: string): string | undefined {
    const text = this.text(value, key);
    if (text === undefined || NAME.test(text)) return text;
    this.problems.push({ message: `option "${key}" is "${text}"`, expected: 'an agent name: letters, digits, ".", "_" and "-"' });
    return undefined;
  }

  flag(value: unknown, key: string): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    this.problems.push({ message: `option "${key}" is ${describe(value)}`, expected: 'true or false' });
    return undefined;
  }

  number(value: unknown, key: string, opts: { integer?: boolean } = {}): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0 && (!opts.integer || Number.isInteger(value))) return value;
    this.problems.push({ message: `option "${key}" is ${describe(value)}`, expected: opts.integer ? 'a whole number above 0' : 'a number above 0' });
    return undefined;
  }

  texts(value: unknown, key: string): string[] | undefined {
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    this.problems.push({ message: `option "${key}" is ${describe(value)}`, expected: 'a list of texts' });
    return undefined;
  }

  agent(value: unknown, key: string): AgentConfig | undefined {
    if (!isRecord(value)) {
      this.problems.push({ message: `option "${key}" is ${describe(value)}`, expected: '{ "adapter": "claude-code", ... }' });
      return undefined;
    }
    const before = this.problems.length;
    for (const extra of Object.keys(value).filter((field) => !AGENT_KEYS.includes(field as keyof AgentConfig))) {
      this.problems.push({ message: `unknown field "${extra}" in option "${key}"`, expected: didYouMean(extra, AGENT_KEYS) });
    }
    const adapter = this.text(value.adapter, `${key}.adapter`);
    if (value.adapter === undefined) this.problems.push({ message: `option "${key}" names no adapter`, expected: `"adapter": one of ${ADAPTER_NAMES.join(', ')}` });
    else if (adapter !== undefined && !(ADAPTER_NAMES as readonly string[]).includes(adapter)) {
      this.problems.push({ message: `option "${key}.adapter" is "${adapter}"`, expected: `one of ${ADAPTER_NAMES.join(', ')}; ${didYouMean(adapter, ADAPTER_NAMES)}` });
    }
    const command = this.texts(value.command, `${key}.command`);
    if (adapter === 'command' && (!command || command.length === 0)) {
      this.problems.push({ message: `option "${key}" uses the command adapter without a command`, expected: '"command": ["node", "tools/agents/my-agent.js"] (an argument list, never a shell string)' });
    }
    const env = value.env;
    if (env !== undefined && !(isRecord(env) && Object.values(env).every((item) => typeof item === 'string'))) {
      this.problems.push({ message: `option "${key}.env" is ${describe(env)}`, expected: 'an object of texts' });
    }
    const config: AgentConfig = {
      adapter: adapter ?? '',
      command,
      model: this.text(value.model, `${key}.model`),
      permissionMode: this.text(value.permissionMode, `${key}.permissionMode`),
      args: this.texts(value.args, `${key}.args`),
      env: env as Record<string, string> | undefined,
      timeoutSeconds: this.number(value.timeoutSeconds, `${key}.timeoutSeconds`),
    };
    if (this.problems.length > before) return undefined;
    return Object.fromEntries(Object.entries(config).filter(([, item]) => item !== undefined)) as unknown as AgentConfig;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A relative path or glob that cannot leave the workspace. */
function isRelativePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.split(/[\\/]/).includes('..');
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? `"${value}"` : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
