#!/usr/bin/env node
'use strict';
/**
 * The offline reviewer: approves a story when its branch changed something against the base and
 * the story's test command passes in the worktree; otherwise asks for changes, quoting what
 * failed. It writes the contract's verdict JSON to STORY_VERDICT_FILE. Network-free.
 * Uses STORY_BASE_COMMIT (the base the branch started from) and STORY_TEST_COMMAND.
 */
const { spawnSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');

const QUOTED_LINES = 20;

function tail(text) {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-QUOTED_LINES).join('\n');
}

function review() {
  const base = process.env.STORY_BASE_COMMIT;
  if (base) {
    const diff = spawnSync('git', ['diff', '--name-only', base, 'HEAD', '--'], { encoding: 'utf8' });
    if (diff.status !== 0) return { verdict: 'changes_requested', findings: [`git diff against the base failed: ${diff.stderr.trim()}`] };
    const changed = diff.stdout.split('\n').filter(Boolean);
    if (changed.length === 0) return { verdict: 'changes_requested', findings: ['The branch changes nothing against the base: implement the story.'] };
    console.log(`offline-reviewer: ${changed.length} file(s) changed: ${changed.slice(0, 10).join(', ')}`);
  }
  const test = process.env.STORY_TEST_COMMAND;
  if (!test) {
    console.log('offline-reviewer: no test command; judging by the diff alone');
    return { verdict: 'approve', findings: [] };
  }
  console.log(`offline-reviewer: $ ${test}`);
  // The test command line is the story author's, run like an npm script (contract section 2).
  const result = spawnSync('sh', ['-c', test], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(result.stdout || '');
  process.stderr.write(result.stderr || '');
  if (result.status === 0) return { verdict: 'approve', findings: [] };
  const output = tail(`${result.stdout || ''}${result.stderr || ''}`);
  return {
    verdict: 'changes_requested',
    findings: [`The test command \`${test}\` failed with exit code ${result.status}:\n${output}`],
  };
}

const verdict = review();
console.log(`offline-reviewer: ${verdict.verdict}${verdict.findings.length ? `\n- ${verdict.findings.join('\n- ')}` : ''}`);
if (process.env.STORY_VERDICT_FILE) writeFileSync(process.env.STORY_VERDICT_FILE, JSON.stringify(verdict, null, 2) + '\n');
