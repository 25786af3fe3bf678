/**
 * Security lint (issue 9): nx-stories never hands a string to a shell. Processes are spawned with
 * argument arrays (`execFile`, `spawn` without `shell`); the only shells are the ones that run a
 * command line a person wrote on purpose: a story's test command, a configured setup command,
 * and the bundled offline agent and reviewer (a story's scripted blocks and its test command).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findShellUsage, type ShellUsage } from './shell-usage';

const ROOT = resolve(__dirname, '../..');
const SCANNED = ['stories-plugin/src', 'stories-plugin/tools', 'stories-plugin/bin'];

/** The places allowed to start a shell, and why. Nothing else may. */
const ALLOWED: Record<string, { rules: ShellUsage['rule'][]; why: string }> = {
  'stories-plugin/src/pipeline/test-command.ts': { rules: ['shell-program'], why: "runs the story's own test command line (contract section 2)" },
  'stories-plugin/src/pipeline/worktree-bootstrap.ts': { rules: ['shell-program'], why: 'runs the worktreeSetup command lines of nx.json' },
  'stories-plugin/tools/agents/offline-agent.js': { rules: ['shell-program'], why: "carries out the story's fenced sh blocks" },
  'stories-plugin/tools/agents/offline-reviewer.js': { rules: ['shell-program'], why: "runs the story's test command line" },
};

/** Production sources: not tests, fixtures or test helpers. */
function sources(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!['node_modules', '__fixtures__', 'testing', 'dist'].includes(name)) files.push(...sources(path));
    } else if (/\.(ts|js|cjs|mjs)$/.test(name) && !/\.(spec|test)\.ts$/.test(name)) {
      files.push(path);
    }
  }
  return files;
}

describe('no shell strings', () => {
  it('finds no exec, no shell option and no shell program outside the allow-list', () => {
    const files = SCANNED.flatMap((dir) => sources(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) => {
      const name = relative(ROOT, file);
      return findShellUsage(readFileSync(file, 'utf8'))
        .filter((usage) => !ALLOWED[name]?.rules.includes(usage.rule))
        .map((usage) => `${name}:${usage.line}: ${usage.rule}: ${usage.code}`);
    });
    expect(violations).toEqual([]);
  });

  it('keeps the allow-list exact: every entry still starts a shell, and only that way', () => {
    for (const [name, entry] of Object.entries(ALLOWED)) {
      const usages = findShellUsage(readFileSync(join(ROOT, name), 'utf8'));
      expect({ name, rules: [...new Set(usages.map((usage) => usage.rule))] }).toEqual({ name, rules: entry.rules });
    }
  });

  describe('the scanner', () => {
    it.each([
      ["import { exec } from 'node:child_process';", 'exec-import'],
      ["import { execFile, execSync } from 'child_process';", 'exec-import'],
      ["const { exec } = require('child_process');", 'exec-import'],
      ["require('child_process').execSync('ls')", 'exec-import'],
      ['exec(`git ${args}`, done);', 'exec-call'],
      ["const out = execSync('npm test');", 'exec-call'],
      ['child_process.exec(line)', 'exec-call'],
      ["spawn('ls', ['-l'], { shell: true })", 'shell-option'],
      ["spawnSync(cmd, { cwd, shell: '/bin/bash' })", 'shell-option'],
      ["spawn('sh', ['-c', line])", 'shell-program'],
      ["spawnSync('bash', ['-e'])", 'shell-program'],
      ['execFile("/bin/sh", ["-c", x])', 'shell-program'],
      ["execFileSync(`zsh`, ['-c', x])", 'shell-program'],
      ["runProcess({ command: 'sh', args: ['-c', line] })", 'shell-program'],
      ["spawn('cmd.exe', ['/c', line])", 'shell-program'],
    ])('flags %s', (code, rule) => {
      expect(findShellUsage(code).map((usage) => usage.rule)).toContain(rule);
    });

    it.each([
      "execFile('git', ['status'], done);",
      "import { execFile, spawn } from 'node:child_process';",
      'const match = PATTERN.exec(line);',
      "/^(\\d+)$/.exec(text)?.[1]",
      "spawn('node', [script], { shell: false, detached: true })",
      "spawn(process.execPath, ['-e', code])",
      '// never exec(line) or shell: true here',
      '/* spawn(\'sh\', [\'-c\']) is what we avoid */',
      " * Runs with `execFile`, never `exec(`, never `shell: true`.",
      "const shellQuote = 'sh';",
    ])('does not flag %s', (code) => {
      expect(findShellUsage(code.startsWith(' *') ? `/**\n${code}\n */` : code)).toEqual([]);
    });

    it('reports the line of a finding', () => {
      expect(findShellUsage("const a = 1;\n\nspawn('bash', ['-c', x]);\n")).toEqual([{ line: 3, rule: 'shell-program', code: "spawn('bash', ['-c', x]);" }]);
    });
  });
});
