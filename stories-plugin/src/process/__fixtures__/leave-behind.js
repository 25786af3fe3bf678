#!/usr/bin/env node
// Test fixture: starts a background sleeper (not detached, so it stays in this script's process
// group), writes its pid to argv[2] and exits at once, leaving the sleeper behind.
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');

const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
sleeper.unref();
writeFileSync(process.argv[2], String(sleeper.pid));
console.log('left a sleeper behind');
