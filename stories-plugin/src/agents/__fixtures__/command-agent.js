#!/usr/bin/env node
// Fake `command` agent (test fixture) following contract section 6: reads the prompt on stdin,
// sees STORY_* variables, exits 0 on success; as a reviewer writes STORY_VERDICT_FILE.
const { writeFileSync } = require('node:fs');
const { scenario, readStdin, record, hang } = require('./bin/fake-cli.js');

const prompt = readStdin();
record({ stdin: prompt });
const verdict = (value) => writeFileSync(process.env.STORY_VERDICT_FILE, typeof value === 'string' ? value : JSON.stringify(value));

switch (scenario) {
  case 'success':
    writeFileSync('hello.txt', `implemented ${process.env.STORY_ID}\n`);
    console.log(`phase ${process.env.STORY_PHASE} done for story ${process.env.STORY_ID}`);
    break;
  case 'nonzero':
    console.error('could not apply the change: tests/test_app.py missing');
    process.exit(2);
    break;
  case 'review-approve':
    verdict({ verdict: 'approve', findings: [] });
    break;
  case 'review-changes':
    verdict({ verdict: 'changes_requested', findings: ['npm test fails: expected 2, got 3'] });
    break;
  case 'review-malformed':
    verdict('{"verdict": "approve", ');
    break;
  case 'review-missing':
    console.log('reviewed, but forgot the verdict file');
    break;
  case 'review-exit-1':
    verdict({ verdict: 'approve', findings: [] });
    process.exit(1);
    break;
  case 'timeout':
    hang();
    break;
  default:
    throw new Error(`unknown scenario ${scenario}`);
}
