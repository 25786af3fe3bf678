/**
 * Names and paths of story worktrees and branches (contract section 5), built from story data and
 * validated before any of them reaches git or the disk. Pure: no I/O.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StoriesError } from '../errors';
import { branchNameProblem } from './ref-format';

/** Folder, relative to the repository root, that holds every story worktree. */
export const WORKTREES_DIR = '.worktrees';
/** Prefix of every story branch; nothing outside it is ever renamed or deleted by nx-stories. */
export const STORY_BRANCH_PREFIX = 'story/';
/** Longest accepted story id (`epic.story`), so ids cannot blow up path lengths. */
export const MAX_STORY_ID_LENGTH = 21;
/** Longest agent name kept in a worktree folder name. */
export const MAX_AGENT_LENGTH = 40;
/** Longest slug kept in a branch name. */
export const MAX_SLUG_LENGTH = 60;

const STORY_ID = /^\d+\.\d+$/;
const SAFE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const WORKTREE_DIR_NAME = /^agent-([a-z0-9]+(?:-[a-z0-9]+)*)-(\d+\.\d+)-(\d{8}-\d{6})$/;

function unsafe(message: string, hint?: string): StoriesError {
  return new StoriesError({ code: 'PATH_UNSAFE', message, hint });
}

/** Returns the id when it is `epic.story` (both integers); otherwise throws `PATH_UNSAFE`. */
export function validateStoryId(storyId: string): string {
  if (typeof storyId !== 'string' || storyId.length > MAX_STORY_ID_LENGTH || !STORY_ID.test(storyId)) {
    throw unsafe(`Story id ${JSON.stringify(String(storyId).slice(0, 80))} is not of the form epic.story (e.g. 1.2).`);
  }
  return storyId;
}

/**
 * Lowercase `[a-z0-9-]` form of free text: accents dropped, anything else becomes a dash, dashes
 * collapsed and trimmed, cut to `maxLength`. May return '' (nothing usable was left).
 */
export function slugify(text: string, maxLength: number): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const dashed = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return dashed.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * A name safe for paths and refs: kept when already `[a-z0-9-]` within `maxLength`, slugified
 * otherwise; `PATH_UNSAFE` when nothing usable is left (`'../'`, `'!!!'`).
 */
export function safeName(args: { value: string; what: string; maxLength: number }): string {
  const { value, what, maxLength } = args;
  if (typeof value === 'string' && value.length <= maxLength && SAFE_NAME.test(value)) return value;
  const slug = typeof value === 'string' ? slugify(value, maxLength) : '';
  if (slug === '') {
    throw unsafe(`The ${what} ${JSON.stringify(String(value).slice(0, 80))} has no letters or digits to build a name from.`);
  }
  return slug;
}

/** Throws `PATH_UNSAFE` unless `git check-ref-format --branch` would accept `name`. */
export function validateBranchName(name: string): string {
  const problem = branchNameProblem(name);
  if (problem) throw unsafe(`${JSON.stringify(name.slice(0, 120))} is not a valid git branch name: it ${problem}.`);
  return name;
}

/** `YYYYMMDD-HHMMSS` in UTC. */
export function formatTimestamp(now: Date): string {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw unsafe('The worktree timestamp is not a valid date.');
  const iso = now.toISOString(); // 2025-01-12T14:30:22.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** `story/<id>-<slug>`, validated. */
export function storyBranchName(args: { storyId: string; slug: string }): string {
  const id = validateStoryId(args.storyId);
  const slug = safeName({ value: args.slug, what: 'story slug', maxLength: MAX_SLUG_LENGTH });
  return validateBranchName(`${STORY_BRANCH_PREFIX}${id}-${slug}`);
}

/** `story/<id>-<slug>-attempt-<n>`: where the branch of an earlier attempt is kept. */
export function attemptBranchName(args: { branch: string; attempt: number }): string {
  assertStoryBranch(args.branch);
  if (!Number.isInteger(args.attempt) || args.attempt < 1) throw unsafe(`Attempt number ${args.attempt} is not a positive integer.`);
  return validateBranchName(`${args.branch}-attempt-${args.attempt}`);
}

/** Throws `PATH_UNSAFE` unless `branch` is a valid branch under `story/`. */
export function assertStoryBranch(branch: string): string {
  validateBranchName(branch);
  if (!branch.startsWith(STORY_BRANCH_PREFIX)) {
    throw unsafe(`Branch ${JSON.stringify(branch)} is not a story branch (${STORY_BRANCH_PREFIX}...).`, 'nx-stories only renames or deletes its own branches.');
  }
  return branch;
}

/** `agent-<agent>-<id>-<YYYYMMDD-HHMMSS>`. */
export function worktreeDirName(args: { agent: string; storyId: string; now: Date }): string {
  const agent = safeName({ value: args.agent, what: 'agent name', maxLength: MAX_AGENT_LENGTH });
  return `agent-${agent}-${validateStoryId(args.storyId)}-${formatTimestamp(args.now)}`;
}

/** Parts of a story worktree folder name, or undefined for any other name. */
export function parseWorktreeDirName(name: string): { agent: string; storyId: string; timestamp: string } | undefined {
  const match = WORKTREE_DIR_NAME.exec(name);
  return match ? { agent: match[1], storyId: match[2], timestamp: match[3] } : undefined;
}

/** The absolute `.worktrees` folder of a repository root. */
export function worktreesRoot(repoRoot: string): string {
  if (!isAbsolute(repoRoot)) throw unsafe(`Repository root ${JSON.stringify(repoRoot)} is not an absolute path.`);
  return join(resolve(repoRoot), WORKTREES_DIR);
}

/**
 * Returns the resolved `path` when it is a direct child of `<repoRoot>/.worktrees/`; otherwise
 * throws `PATH_UNSAFE`. Guards every path that comes from state files or callers.
 */
export function assertInsideWorktrees(args: { repoRoot: string; path: string }): string {
  const root = worktreesRoot(args.repoRoot);
  const full = resolve(root, args.path);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep)) {
    throw unsafe(`Worktree path ${JSON.stringify(args.path)} is not a folder directly inside ${root}.`, 'Story worktrees live only in .worktrees/.');
  }
  return full;
}

/** The absolute worktree path of a story: `<repoRoot>/.worktrees/agent-<agent>-<id>-<timestamp>`. */
export function storyWorktreePath(args: { repoRoot: string; agent: string; storyId: string; now: Date }): string {
  return assertInsideWorktrees({ repoRoot: args.repoRoot, path: worktreeDirName(args) });
}
