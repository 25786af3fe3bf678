#!/usr/bin/env node
'use strict';
/**
 * The benchmark's implementing agent (command adapter): sleeps the time its story asks for in a
 * `Bench-Sleep-Ms: <n>` line, then writes `src/<id>.txt` so the branch changes something. Each
 * start appends the story id to the file named by its first argument, so a run's agent starts are
 * counted exactly. No network, no model: the time it takes is the story's "work".
 */
const { appendFileSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const STORY_ID = /^\d+\.\d+$/;

function main() {
  const startsLog = process.argv[2];
  const storyId = process.env.STORY_ID || '';
  if (!STORY_ID.test(storyId)) {
    console.error(`sleep-agent: STORY_ID ${JSON.stringify(storyId)} is not an epic.story id`);
    return 1;
  }
  if (startsLog) appendFileSync(startsLog, `${storyId} ${process.env.STORY_PHASE || 'implement'} ${Date.now()}\n`);
  const text = readFileSync(process.env.STORY_FILE, 'utf8');
  const match = /^Bench-Sleep-Ms: (\d+)$/m.exec(text);
  const sleepMs = match ? Number(match[1]) : 0;
  // A blocking sleep: the agent does nothing else, and it keeps the process as cheap as a real CLI waiting on a model.
  if (sleepMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
  mkdirSync('src', { recursive: true });
  writeFileSync(join('src', `${storyId}.txt`), `story ${storyId} implemented at ${Date.now()} after ${sleepMs} ms\n`);
  return 0;
}

process.exitCode = main();
