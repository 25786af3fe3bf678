/**
 * The adapter registry: one typed map from adapter name to its `{ detect, run, parse }`.
 * Executors look adapters up here by the `adapter` field of an agent configuration.
 */
import { StoriesError } from '../errors';
import { aiderAdapter } from './adapters/aider';
import { claudeCodeAdapter } from './adapters/claude-code';
import { codexAdapter } from './adapters/codex';
import { commandAdapter } from './adapters/command';
import { offlineAdapter } from './adapters/offline';
import { geminiAdapter } from './adapters/gemini';
import { openCodeAdapter } from './adapters/opencode';
import type { AgentAdapter, AgentResult, AgentRunRequest } from './types';

/** Every adapter, by the name users write in `agents.<name>.adapter`. */
export const ADAPTERS = {
  'claude-code': claudeCodeAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
  opencode: openCodeAdapter,
  aider: aiderAdapter,
  command: commandAdapter,
  offline: offlineAdapter,
} as const satisfies Record<string, AgentAdapter>;

/** A registered adapter name. */
export type AdapterName = keyof typeof ADAPTERS;

/** The registered names, in the order the contract lists them. */
export const ADAPTER_NAMES = Object.keys(ADAPTERS) as AdapterName[];

/** True when `name` is a registered adapter. */
export function isAdapterName(name: string): name is AdapterName {
  return Object.prototype.hasOwnProperty.call(ADAPTERS, name);
}

/** The adapter called `name`; an unknown name is a CONFIG_INVALID error listing the known ones. */
export function getAdapter(name: string): AgentAdapter {
  if (isAdapterName(name)) return ADAPTERS[name];
  const close = ADAPTER_NAMES.find((known) => known.startsWith(name.slice(0, 3).toLowerCase()));
  throw new StoriesError({
    code: 'CONFIG_INVALID',
    message: `unknown agent adapter "${name}"${close ? ` (did you mean "${close}"?)` : ''}`,
    hint: `Use one of: ${ADAPTER_NAMES.join(', ')}.`,
  });
}

/** Runs `request` with the adapter its configuration names. */
export function runAgent(args: { request: AgentRunRequest }): Promise<AgentResult> {
  return getAdapter(args.request.config.adapter).run(args);
}
