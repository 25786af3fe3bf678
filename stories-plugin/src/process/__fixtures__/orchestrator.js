#!/usr/bin/env node
// Test fixture: an "orchestrator" process that starts an agent tree through runProcess and then
// ends while the agent still runs: `exit` calls process.exit(0), `signal` is stopped by SIGTERM.
// Usage: orchestrator.js <pidFile> <exit|signal> <logFile>. Loads the TypeScript sources with
// typescript's transpileModule (no build needed).
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

const { runProcess } = require('../spawn.ts');
const [pidFile, mode, logFile] = process.argv.slice(2);
void runProcess({
  command: process.execPath,
  args: [join(__dirname, 'process-tree.js'), pidFile],
  cwd: __dirname,
  env: { PATH: process.env.PATH ?? '' },
  logFile,
  timeoutSeconds: 120,
});
const timer = setInterval(() => {
  if (!existsSync(pidFile)) return;
  clearInterval(timer);
  if (mode === 'exit') process.exit(0);
  else process.kill(process.pid, 'SIGTERM');
}, 20);
