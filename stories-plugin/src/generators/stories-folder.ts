/**
 * Where new story files go: the fixed folder in front of the `stories` glob. Pure: no disk.
 */
import { problemsError } from '../errors';

// A path segment with any of these is a pattern, not a folder name.
const GLOB_SYNTAX = /[*?[\]{}()!]/;

/**
 * The folder part of a stories glob, checked to stay inside the workspace:
 * `docs/stories/*.md` -> `docs/stories`, `stories/**\/*.md` -> `stories`, `*.md` -> `` (the root).
 * Throws `CONFIG_INVALID` for an absolute glob or one that climbs out with `..`.
 */
export function storiesFolderOf(glob: string): string {
  const segments = glob.replace(/\\/g, '/').split('/');
  if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob) || segments.includes('..')) {
    throw problemsError('CONFIG_INVALID', 'nx-stories: the "stories" option points outside the workspace:', [
      { file: 'nx.json', message: `option "stories" is "${glob}"`, expected: 'a glob of markdown files inside the workspace, e.g. "docs/stories/*.md"' },
    ]);
  }
  const folder: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (GLOB_SYNTAX.test(segment)) break;
    if (segment !== '' && segment !== '.') folder.push(segment);
  }
  return folder.join('/');
}

/** `docs/stories` + `1.1.sign-up.md` -> `docs/stories/1.1.sign-up.md`; the root folder adds nothing. */
export function pathInFolder(args: { folder: string; name: string }): string {
  return args.folder === '' ? args.name : `${args.folder}/${args.name}`;
}
