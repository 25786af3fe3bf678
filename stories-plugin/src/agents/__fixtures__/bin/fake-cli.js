// Shared by the fake agent CLIs of this folder (test fixtures, not real agents). Each fake
// speaks one real CLI's output protocol; FAKE_SCENARIO picks what happens, FAKE_RECORD names a
// file where the fake writes what it received (argv, stdin, cwd, env), FAKE_PIDS a file for the
// pids of the process tree a hanging scenario leaves running.
const { spawn } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');

exports.scenario = process.env.FAKE_SCENARIO || 'success';

/** All of stdin (empty when it is /dev/null). */
exports.readStdin = () => {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
};

/** Writes what this process received to FAKE_RECORD. */
exports.record = (extra = {}) => {
  if (!process.env.FAKE_RECORD) return;
  writeFileSync(process.env.FAKE_RECORD, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env, ...extra }));
};

/** Prints one JSON event line. */
exports.emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

/** Starts a sleeping child, writes [own pid, child pid] to FAKE_PIDS and never ends. */
exports.hang = ({ ignoreTerm = false } = {}) => {
  const sleeper = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000);`;
  if (ignoreTerm) process.on('SIGTERM', () => {});
  const child = spawn(process.execPath, ['-e', sleeper], { stdio: 'ignore' });
  if (process.env.FAKE_PIDS) writeFileSync(process.env.FAKE_PIDS, JSON.stringify([process.pid, child.pid]));
  setInterval(() => {}, 1000);
};

/** The value after `flag` in argv. */
exports.option = (flag) => {
  const args = process.argv.slice(2);
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
};
