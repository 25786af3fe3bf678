/**
 * Epic names across stories: a story that names no epic takes the name another story of the same
 * epic number declares; with none declared, the name is the number. Two names for one number is a
 * problem (which one would `epic:<name>` select?).
 */
import type { Problem } from '../errors';
import type { Story } from '../stories/types';

/** Stories with `epicName` resolved, and the clashes found. */
export function resolveEpicNames(stories: readonly Story[]): { stories: Story[]; problems: Problem[] } {
  const firstDeclared = new Map<number, Story>();
  const problems: Problem[] = [];
  for (const story of stories) {
    if (!story.declaredEpicName) continue;
    const first = firstDeclared.get(story.epic);
    if (!first) {
      firstDeclared.set(story.epic, story);
    } else if (first.declaredEpicName !== story.declaredEpicName) {
      problems.push({
        file: story.file,
        line: story.lines.epic,
        message: `epic ${story.epic} is named "${story.declaredEpicName}" here but "${first.declaredEpicName}" in ${first.file}`,
        expected: 'one name per epic number',
      });
    }
  }
  const resolved = stories.map((story) => ({
    ...story,
    epicName: firstDeclared.get(story.epic)?.declaredEpicName ?? String(story.epic),
  }));
  return { stories: resolved, problems };
}
