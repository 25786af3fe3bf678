/**
 * The rules of `git check-ref-format --branch`, implemented without running git so that branch
 * names built from story data can be judged in pure code (the spec cross-checks them with git).
 */

/** Characters git never accepts in a ref name (besides control characters). */
const FORBIDDEN_CHARACTERS = new Set([' ', '~', '^', ':', '?', '*', '[', '\\']);

/** Why `name` is not a valid branch name, or undefined when git would accept it. */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.startsWith('-')) return 'starts with "-"';
  if (name === 'HEAD') return 'is "HEAD"';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.endsWith('.')) return 'ends with "."';
  for (const character of name) {
    const code = character.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return 'contains a control character';
    if (FORBIDDEN_CHARACTERS.has(character)) return `contains "${character}"`;
  }
  for (const component of name.split('/')) {
    if (component === '') return 'has an empty path component (leading, trailing or double "/")';
    if (component.startsWith('.')) return `has a component starting with ".": "${component}"`;
    if (component.endsWith('.lock')) return `has a component ending with ".lock": "${component}"`;
  }
  return undefined;
}

/** True when `git check-ref-format --branch <name>` would accept `name`. */
export function isValidBranchName(name: string): boolean {
  return branchNameProblem(name) === undefined;
}
