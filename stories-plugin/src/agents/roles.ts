/**
 * Loads an agent's role file, `.claude/agents/<name>.md` under the workspace root, when there is
 * one. Shell (reads the file); parsing is in `role-file.ts`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoriesError } from '../errors';
import { isValidAgentName } from './detection-options';
import { parseRoleFile, type AgentRole } from './role-file';

export type { AgentRole } from './role-file';

/** Where the role file of `agentName` lives, workspace-relative. */
export function roleFilePath(agentName: string): string {
  return `.claude/agents/${agentName}.md`;
}

/**
 * The role of `agentName`, or undefined when it has no role file. A name that could leave
 * `.claude/agents/` (`../x`) is refused: agent names come from story files.
 */
export async function loadAgentRole(args: { workspaceRoot: string; agentName: string }): Promise<AgentRole | undefined> {
  if (!isValidAgentName(args.agentName)) {
    throw new StoriesError({
      code: 'PATH_UNSAFE',
      message: `agent name "${args.agentName}" cannot name a role file`,
      hint: 'Agent names use lowercase letters, digits and dashes, e.g. "python-developer".',
    });
  }
  const file = roleFilePath(args.agentName);
  let text: string;
  try {
    text = await readFile(join(args.workspaceRoot, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseRoleFile({ text, file, fallbackName: args.agentName });
}
