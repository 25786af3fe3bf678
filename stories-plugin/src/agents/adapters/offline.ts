/**
 * The `offline` adapter: the network-free agent and reviewer that ship with the package
 * (`tools/agents/offline-agent.js`, `offline-reviewer.js`), run through the `command` adapter's
 * protocol. `{ "adapter": "offline" }` works in any workspace, with no path to spell out; the demo
 * and the tests use it. The agent carries out a story's scripted `## Implementation`; the reviewer
 * approves when the branch changed something and the story's tests pass.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AgentAdapter, AgentRunRequest } from '../types';
import { commandAdapter } from './command';

/** Where the bundled tools are, from `dist/agents/adapters/` (and `src/agents/adapters/` in tests). */
const TOOLS = resolve(__dirname, '../../../tools/agents');
/** The bundled offline agent. */
export const OFFLINE_AGENT = join(TOOLS, 'offline-agent.js');
/** The bundled offline reviewer. */
export const OFFLINE_REVIEWER = join(TOOLS, 'offline-reviewer.js');

function asCommand(request: AgentRunRequest): AgentRunRequest {
  const script = request.phase === 'review' ? OFFLINE_REVIEWER : OFFLINE_AGENT;
  return { ...request, config: { ...request.config, adapter: 'command', command: [process.execPath, script] } };
}

/** The registry entry of the `offline` adapter. */
export const offlineAdapter: AgentAdapter = {
  name: 'offline',
  async detect() {
    const missing = [OFFLINE_AGENT, OFFLINE_REVIEWER].filter((file) => !existsSync(file));
    return missing.length === 0
      ? { available: true }
      : { available: false, hint: `The nx-stories package is incomplete: ${missing.join(', ')} missing. Reinstall nx-stories.` };
  },
  run: ({ request }) => commandAdapter.run({ request: asCommand(request) }),
  parse: (input) => commandAdapter.parse(input),
};
