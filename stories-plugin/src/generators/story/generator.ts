/**
 * `nx g nx-stories:story`: writes the next story of an epic into the stories folder. Reads the
 * story files through the Nx tree, so it sees what other generators in the same run wrote.
 */
import { globAsync, logger, readNxJson, type Tree } from 'nx/src/devkit-exports';
import { resolveOptions } from '../../config/resolve';
import { problemsError } from '../../errors';
import { parseStory } from '../../stories/parse';
import { isStoryFileName } from '../../stories/ids';
import type { Story } from '../../stories/types';
import { withHintsInMessages } from '../nx-errors';
import { rawArgument } from '../raw-argument';
import { findStoriesPluginEntry, storiesOptionsOf } from '../plugin-entry';
import { pathInFolder, storiesFolderOf } from '../stories-folder';
import { planStory } from './plan-story';
import { assertReadsBackAsPlanned, renderStory, storyFileName } from './render-story';
import type { StoryGeneratorSchema } from './schema';

/** Nx generator `nx-stories:story` (Nx would call a returned value as a task, so it returns nothing). */
export async function storyGenerator(tree: Tree, schema: StoryGeneratorSchema): Promise<void> {
  await createStory(tree, schema);
}

export default storyGenerator;

/** Writes the new story into `tree` and returns its workspace-relative path. */
export async function createStory(tree: Tree, schema: StoryGeneratorSchema): Promise<string> {
  return withHintsInMessages(async () => {
    const options = resolveOptions(storiesOptionsOf(findStoriesPluginEntry(readNxJson(tree)?.plugins ?? [])));
    const stories = await readTreeStories({ tree, glob: options.stories });
    const plan = planStory({
      stories,
      request: { epic: String(schema.epic ?? ''), title: String(schema.title ?? ''), dependencies: dependenciesAsTyped(schema.dependencies), agent: schema.agent },
    });

    const file = pathInFolder({ folder: storiesFolderOf(options.stories), name: storyFileName(plan) });
    if (tree.exists(file)) {
      throw problemsError('STORY_INVALID', 'nx-stories: cannot create the story:', [{ file, message: 'exists already', expected: 'a new file name' }]);
    }
    const text = renderStory(plan);
    assertReadsBackAsPlanned({ file, text, plan });
    tree.write(file, text);
    // A glob such as `docs/stories/*.story.md` would not see the new file: say so instead of
    // leaving a story that never becomes a project.
    if (!(await globAsync(tree, [options.stories])).includes(file)) {
      tree.delete(file);
      throw problemsError('CONFIG_INVALID', 'nx-stories: the new story would not be found:', [
        { file: 'nx.json', message: `option "stories" ("${options.stories}") does not match ${file}`, expected: 'a glob such as "docs/stories/*.md"' },
      ]);
    }
    logger.info(`nx-stories: created story ${plan.id} "${plan.title}" in ${file} (project ${options.projectPrefix}${plan.id})`);
    return file;
  });
}

/** Every story file the glob matches, parsed; unreadable details do not matter for ids and epics. */
async function readTreeStories(args: { tree: Tree; glob: string }): Promise<Story[]> {
  const files = (await globAsync(args.tree, [args.glob])).filter(isStoryFileName).sort();
  return files.flatMap((file) => parseStory({ file, text: args.tree.read(file, 'utf-8') ?? '' }).story ?? []);
}

/** yargs reads `--dependencies=1.10` as the number 1.1: take the text that was typed instead. */
function dependenciesAsTyped(value: StoryGeneratorSchema['dependencies']): string | string[] | undefined {
  if (typeof value !== 'number') return value;
  return rawArgument({ argv: process.argv, name: 'dependencies' }) ?? String(value);
}
