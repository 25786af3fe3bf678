/**
 * Claude Code subagent files (`.claude/agents/<name>.md`): YAML front matter with `name`,
 * `description`, `tools` (comma-separated or a list) and `model`, then the system prompt. Any
 * agent adapter uses such a file as the role of the agent of that name. Pure.
 */
import matter from 'gray-matter';
import { StoriesError } from '../errors';

/** An agent's role as its file describes it. */
export interface AgentRole {
  name: string;
  description?: string;
  /** Tool names the file allows (Claude Code's `tools`); empty when it names none. */
  tools: string[];
  /** `sonnet`, `opus`, `haiku`, `inherit` or a model id, as written. */
  model?: string;
  /** The body: the role's system prompt. */
  systemPrompt: string;
  /** Workspace-relative path of the file. */
  file: string;
}

/** Parses a role file's text; `fallbackName` (the file name) is used when the front matter names none. */
export function parseRoleFile(args: { text: string; file: string; fallbackName: string }): AgentRole {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An options object bypasses gray-matter's cache, which would share one result between callers.
    parsed = matter(args.text, {});
  } catch (error) {
    throw new StoriesError({
      code: 'CONFIG_INVALID',
      message: `${args.file}: the front matter is not valid YAML (${firstLine((error as Error).message)})`,
      hint: 'Fix the YAML between the --- lines (name, description, tools, model), or remove the file.',
    });
  }
  const data = parsed.data as Record<string, unknown>;
  return {
    name: text(data.name) ?? args.fallbackName,
    ...(text(data.description) ? { description: text(data.description) } : {}),
    tools: toolList(data.tools),
    ...(text(data.model) ? { model: text(data.model) } : {}),
    systemPrompt: parsed.content.trim(),
    file: args.file,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function toolList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((tool): tool is string => typeof tool === 'string').map((tool) => tool.trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((tool) => tool.trim()).filter(Boolean);
  return [];
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
