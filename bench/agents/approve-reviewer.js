#!/usr/bin/env node
'use strict';
/**
 * The benchmark's reviewer (command adapter): approves at once, so review costs only what the
 * orchestrator spends around it (a process, a verdict file, a review round in the story file).
 */
const { writeFileSync } = require('node:fs');

if (!process.env.STORY_VERDICT_FILE) {
  console.error('approve-reviewer: STORY_VERDICT_FILE is not set');
  process.exitCode = 1;
} else {
  writeFileSync(process.env.STORY_VERDICT_FILE, JSON.stringify({ verdict: 'approve', findings: [] }) + '\n');
}
