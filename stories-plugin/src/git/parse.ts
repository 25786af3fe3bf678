/** Parsers of git's machine-readable (`-z`) outputs. Pure. */

/** One entry of `git worktree list --porcelain -z`. */
export interface WorktreeEntry {
  /** Absolute path of the worktree. */
  path: string;
  /** Commit checked out; undefined for a bare repository. */
  head?: string;
  /** Short branch name (`main`, `story/1.2-x`); undefined when detached or bare. */
  branch?: string;
  bare: boolean;
  detached: boolean;
  locked: boolean;
  /** Its folder is gone; `git worktree prune` would drop it. */
  prunable: boolean;
}

/** Parses `git worktree list --porcelain -z` (attributes NUL-terminated, entries separated by an empty one). */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of output.split('\0')) {
    if (field === '') {
      current = undefined;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      current = { path: value, bare: false, detached: false, locked: false, prunable: false };
      entries.push(current);
    } else if (current) {
      if (key === 'HEAD') current.head = value;
      else if (key === 'branch') current.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'bare') current.bare = true;
      else if (key === 'detached') current.detached = true;
      else if (key === 'locked') current.locked = true;
      else if (key === 'prunable') current.prunable = true;
    }
  }
  return entries;
}

/** One path of `git status --porcelain=v1 -z --no-renames`. */
export interface StatusEntry {
  /** Index status letter (`M`, `A`, `D`, `?`, `U`, ...). */
  index: string;
  /** Working tree status letter. */
  worktree: string;
  /** Repository-relative path; a trailing `/` marks a directory (nested repository). */
  path: string;
}

/** Parses `git status --porcelain=v1 -z --no-renames` (each entry `XY path`, NUL-terminated). */
export function parseStatus(output: string): StatusEntry[] {
  return output
    .split('\0')
    .filter((field) => field.length > 3)
    .map((field) => ({ index: field[0], worktree: field[1], path: field.slice(3) }));
}

/** True for an unmerged (conflicted) status pair such as `UU`, `AA` or `DD`. */
export function isUnmerged(entry: StatusEntry): boolean {
  const pair = entry.index + entry.worktree;
  return pair.includes('U') || pair === 'AA' || pair === 'DD';
}

/** Result of `git merge-tree --write-tree -z --name-only --no-messages`. */
export interface MergeTreeOutput {
  tree: string;
  conflicts: string[];
}

/** Parses merge-tree's output: the tree id, then (on conflicts) one NUL-terminated path per file. */
export function parseMergeTree(output: string): MergeTreeOutput {
  const [tree, ...rest] = output.split('\0');
  return { tree: tree.trim(), conflicts: [...new Set(rest.filter((path) => path !== ''))] };
}

/** Splits NUL-separated path lists (`--name-only -z`), dropping the empty tail. */
export function parsePathList(output: string): string[] {
  return output.split('\0').filter((path) => path !== '');
}

/**
 * Paths of `a` that collide with a path of `b`: equal, or one is a folder holding the other
 * (a merge writing `src/x` collides with an untracked folder `src/x/`, and the reverse).
 */
export function overlappingPaths(a: readonly string[], b: readonly string[]): string[] {
  const trim = (path: string) => path.replace(/\/+$/, '');
  const ancestors = (path: string) => {
    const parts = path.split('/');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
  };
  const others = new Set(b.map(trim));
  const otherFolders = new Set(b.flatMap((path) => ancestors(trim(path))));
  return a.filter((raw) => {
    const path = trim(raw);
    return others.has(path) || otherFolders.has(path) || ancestors(path).some((folder) => others.has(folder));
  });
}

/**
 * Paths named in git's refusal to overwrite local changes (`read-tree -m -u`, `checkout`):
 * `Entry 'x' not uptodate`, `... file 'x' would be overwritten`, and tab-indented path lists.
 */
export function pathsInRefusal(stderr: string): string[] {
  const paths = new Set<string>();
  for (const match of stderr.matchAll(/(?:Entry|file) '([^']+)' (?:not uptodate|would be (?:overwritten|removed|lost))/g)) paths.add(match[1]);
  for (const line of stderr.split('\n')) if (line.startsWith('\t')) paths.add(line.slice(1).trim());
  return [...paths].filter((path) => path !== '');
}

/** One line of `git diff-tree -r -z --name-status --no-renames`. */
export interface PathChange {
  /** `A` added, `M` modified, `D` deleted, `T` type changed. */
  status: string;
  path: string;
}

/** Parses `--name-status -z` output (status and path alternate, NUL-terminated). */
export function parseNameStatus(output: string): PathChange[] {
  const fields = output.split('\0');
  const changes: PathChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== '') changes.push({ status: fields[i], path: fields[i + 1] });
  }
  return changes;
}
