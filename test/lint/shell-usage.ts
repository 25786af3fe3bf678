/**
 * Finds the ways a TypeScript or JavaScript source could hand a string to a shell: `exec`/
 * `execSync` from child_process, a `shell` option other than false, and spawning a shell program
 * (`spawn('sh', ...)`, `execFile('bash', ...)`, `runProcess({ command: 'sh' })`). Pure: the
 * `no-shell` lint test feeds it the plugin's sources. Comments are ignored; strings are not (the
 * program name of a spawn is one).
 */

/** One place that may run a shell. */
export interface ShellUsage {
  line: number;
  rule: 'exec-import' | 'exec-call' | 'shell-option' | 'shell-program';
  code: string;
}

const SHELLS = '(?:\\/(?:usr\\/)?bin\\/)?(?:sh|bash|zsh|dash|ksh|fish|cmd(?:\\.exe)?|powershell|pwsh)';
const RULES: { rule: ShellUsage['rule']; pattern: RegExp }[] = [
  { rule: 'exec-import', pattern: /import\s*\{[^}]*\bexec(?:Sync)?\b(?!File)[^}]*\}\s*from\s*['"](?:node:)?child_process['"]/ },
  { rule: 'exec-import', pattern: /\{[^}]*\bexec(?:Sync)?\b(?!File)[^}]*\}\s*=\s*require\(\s*['"](?:node:)?child_process['"]\s*\)/ },
  { rule: 'exec-import', pattern: /require\(\s*['"](?:node:)?child_process['"]\s*\)\s*\.\s*exec(?:Sync)?\b(?!File)/ },
  { rule: 'exec-call', pattern: /(?<![.\w$])exec(?:Sync)?\s*\(/ },
  { rule: 'exec-call', pattern: /\b(?:child_process|childProcess|child_process_1|cp)\s*\.\s*exec(?:Sync)?\s*\(/ },
  { rule: 'shell-option', pattern: /\bshell\s*:\s*(?!false\b)[^\s,}]/ },
  { rule: 'shell-program', pattern: new RegExp(`\\b(?:spawn|spawnSync|execFile|execFileSync|fork)\\s*\\(\\s*['"\`]${SHELLS}['"\`]`) },
  { rule: 'shell-program', pattern: new RegExp(`\\bcommand\\s*:\\s*['"\`]${SHELLS}['"\`]`) },
];

/** The line without a trailing `// comment` (a `//` outside quotes, after code or at the start). */
function withoutLineComment(line: string): string {
  for (let index = line.indexOf('//'); index >= 0; index = line.indexOf('//', index + 2)) {
    const before = line.slice(0, index);
    const balanced = ["'", '"', '`'].every((quote) => (before.split(quote).length - 1) % 2 === 0);
    if (balanced && (index === 0 || /[\s;,)}{(]$/.test(before))) return before;
  }
  return line;
}

/** Every shell usage in `source`, with 1-based lines. */
export function findShellUsage(source: string): ShellUsage[] {
  // Blank out block comments but keep their line breaks, so line numbers stay right.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  const found: ShellUsage[] = [];
  code.split('\n').forEach((raw, index) => {
    const line = withoutLineComment(raw);
    for (const { rule, pattern } of RULES) {
      if (pattern.test(line)) found.push({ line: index + 1, rule, code: raw.trim() });
    }
  });
  return found;
}
