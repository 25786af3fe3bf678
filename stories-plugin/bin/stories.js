#!/usr/bin/env node
// A committed shim so npm can link the bin before the TypeScript build has produced dist/.
// A closed pipe (`stories plan | head`) is a normal end, not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require('../dist/cli/main.js').main(process.argv.slice(2));
