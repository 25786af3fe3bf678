#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: a fresh throwaway git workspace in `.demo/` made from `examples/quickstart/`,
 * implemented end to end by `stories implement` with the offline agent and reviewer (no network,
 * no agent CLI needed), then what to look at next. `.demo/` is git-ignored and recreated each time.
 */
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, rmSync, symlinkSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const demo = join(root, '.demo');
const cli = join(root, 'stories-plugin', 'bin', 'stories.js');
const identity = { GIT_AUTHOR_NAME: 'nx-stories demo', GIT_AUTHOR_EMAIL: 'demo@nx-stories.local', GIT_COMMITTER_NAME: 'nx-stories demo', GIT_COMMITTER_EMAIL: 'demo@nx-stories.local' };

function git(...args) {
  const result = spawnSync('git', args, { cwd: demo, env: { ...process.env, ...identity }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

function main() {
  if (!existsSync(join(root, 'stories-plugin', 'dist', 'cli', 'main.js'))) {
    console.error('The plugin is not built: run `npm ci` (or `npm run build`) first.');
    return 1;
  }
  rmSync(demo, { recursive: true, force: true });
  cpSync(join(root, 'examples', 'quickstart'), demo, { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(demo, 'node_modules'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', identity.GIT_AUTHOR_NAME);
  git('config', 'user.email', identity.GIT_AUTHOR_EMAIL);
  git('add', '-A');
  git('commit', '-q', '-m', 'Quickstart: five stories in three waves');
  console.log(`Demo workspace: ${demo} (a fresh git repository with ${git('ls-files', 'docs/stories').split('\n').length} stories)\n`);

  const run = spawnSync(process.execPath, [cli, 'implement', '--parallel', '3'], {
    cwd: demo,
    stdio: 'inherit',
    env: { ...process.env, ...identity, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  console.log(`
What to look at next:
  cd .demo && npx nx graph                     the stories as an Nx project graph
  open .demo/.agent-orchestration/report.html  the run report: graph by status and a timeline of every phase
  cd .demo && git log --graph --oneline        one merge commit per story, with Story-Id/Story-Hash trailers
  cd .demo && npx stories status               the state of every story
  cd .demo && npx nx run-many -t implement     run again: nothing to do, every story is merged for its content
`);
  return run.status ?? 1;
}

process.exitCode = main();
