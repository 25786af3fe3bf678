#!/usr/bin/env node
// A committed shim so npm can link the bin before the TypeScript build has produced dist/.
require('../dist/cli/main.js').main(process.argv.slice(2));
