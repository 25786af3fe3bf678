#!/usr/bin/env node
// Test fixture: prints argv[2] MiB of numbered lines to stdout as fast as the pipe takes them,
// then a final marker line.
const megabytes = Number(process.argv[2]);
const line = 'x'.repeat(1000) + '\n';
const chunk = line.repeat(1024);
let written = 0;
function pump() {
  while (written < megabytes * 1024 * 1024) {
    written += chunk.length;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', pump);
  }
  process.stdout.write('{"type":"result","marker":"END"}\n');
}
pump();
