'use strict';
/**
 * Reads the scripted parts of a story file for the offline agent and reviewer: the fenced `sh`
 * blocks of a `## <heading>` section. Plain Node, no dependencies, so the tools run anywhere.
 */
const { readFileSync } = require('node:fs');

/** Returns the text of the `## <heading>` section (to the next `## ` heading), or undefined. */
function section(markdown, heading) {
  const lines = markdown.split(/\r?\n/);
  const wanted = heading.toLowerCase();
  const start = lines.findIndex((line) => /^##\s+/.test(line) && line.replace(/^##\s+/, '').trim().toLowerCase() === wanted);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^##\s+/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The fenced code blocks tagged `sh`, `bash` or `shell` in a piece of markdown, in order. */
function shellBlocks(markdown) {
  const blocks = [];
  const fence = /^(```|~~~)\s*(sh|bash|shell)\s*$([\s\S]*?)^\1\s*$/gm;
  let match;
  while ((match = fence.exec(markdown)) !== null) blocks.push(match[3].replace(/^\n/, ''));
  return blocks;
}

/** Reads the story file named by the environment (`STORY_FILE`). */
function readStory() {
  const file = process.env.STORY_FILE;
  if (!file) throw new Error('STORY_FILE is not set: run this tool through nx-stories');
  return readFileSync(file, 'utf8');
}

module.exports = { section, shellBlocks, readStory };
