#!/usr/bin/env node
// Test fixture: forks two sleeping children and a child that forks a grandchild, writes every
// pid (its own first) as JSON to argv[2], then sleeps forever. With --ignore-term, the whole tree
// ignores SIGTERM so that only SIGKILL ends it.
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');

const pidFile = process.argv[2];
const ignoreTerm = process.argv.includes('--ignore-term');
const sleeper = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000);`;
if (ignoreTerm) process.on('SIGTERM', () => {});

const children = [1, 2].map(() => spawn(process.execPath, ['-e', sleeper], { stdio: 'ignore' }));
const middle = spawn(
  process.execPath,
  ['-e', `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(sleeper)}], { stdio: 'ignore' }); process.stdout.write(String(c.pid)); ${sleeper}`],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
middle.stdout.once('data', (data) => {
  const pids = [process.pid, ...children.map((c) => c.pid), middle.pid, Number(String(data))];
  writeFileSync(pidFile, JSON.stringify(pids));
  console.log('tree started');
});
setInterval(() => {}, 1000);
