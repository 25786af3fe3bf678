#!/usr/bin/env node
'use strict';
/**
 * The offline agent: a real, network-free coding agent for scripted stories. It carries out the
 * fenced `sh` blocks of the story's section for the current phase, each with bash in the worktree
 * (its cwd), printing every command before it runs:
 *   implement        -> `## Implementation`
 *   fix              -> `## Fix` (falls back to `## Implementation`); findings are printed first
 *   resolve-conflict -> `## Resolve Conflict` (run with the conflicted paths in STORY_CONFLICTS_FILE)
 * It exits 1 when the section is missing or a block fails, so the orchestrator records why.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { section, shellBlocks, readStory } = require('./story-sections');

const SECTIONS = {
  implement: ['Implementation'],
  fix: ['Fix', 'Implementation'],
  'resolve-conflict': ['Resolve Conflict'],
};

function main() {
  const phase = process.env.STORY_PHASE || 'implement';
  const headings = SECTIONS[phase];
  if (!headings) {
    console.error(`offline-agent: phase "${phase}" is not one it can do (it implements, fixes and resolves conflicts)`);
    return 1;
  }
  const story = readStory();
  const heading = headings.find((name) => section(story, name) !== undefined);
  if (!heading) {
    console.error(`offline-agent: story ${process.env.STORY_ID} has no "## ${headings[0]}" section with sh blocks to carry out`);
    return 1;
  }
  const findingsFile = process.env.STORY_FINDINGS_FILE;
  if (phase === 'fix' && findingsFile && existsSync(findingsFile)) {
    console.log(`offline-agent: addressing findings:\n${readFileSync(findingsFile, 'utf8').trim()}`);
  }
  const blocks = shellBlocks(section(story, heading));
  if (blocks.length === 0) {
    console.error(`offline-agent: "## ${heading}" of story ${process.env.STORY_ID} has no fenced sh block`);
    return 1;
  }
  console.log(`offline-agent: story ${process.env.STORY_ID}, phase ${phase}, ${blocks.length} block(s) from "## ${heading}"`);
  for (const [index, block] of blocks.entries()) {
    for (const line of block.trimEnd().split('\n')) console.log(`$ ${line}`);
    // bash -e reads the block from stdin: the block is the story author's script, never an argument.
    const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-s'], { input: block, stdio: ['pipe', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      console.error(`offline-agent: block ${index + 1} failed with ${result.signal ? `signal ${result.signal}` : `exit code ${result.status}`}`);
      return 1;
    }
  }
  console.log('offline-agent: done');
  return 0;
}

process.exitCode = main();
