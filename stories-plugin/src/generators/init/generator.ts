/**
 * `nx g nx-stories:init`: makes a workspace ready for stories. Idempotent: a second run changes
 * nothing, and an existing plugin entry keeps its options.
 */
import { logger, readNxJson, updateNxJson, writeJson, type NxJsonConfiguration, type Tree } from 'nx/src/devkit-exports';
import { StoriesError } from '../../errors';
import { DEFAULT_OPTIONS } from '../../config/resolve';
import { assertGitWorkTree } from '../git-check';
import { withHintsInMessages } from '../nx-errors';
import { findStoriesPluginEntry, storiesOptionsOf, withStoriesPlugin } from '../plugin-entry';
import { pathInFolder, storiesFolderOf } from '../stories-folder';
import { defaultPluginOptions, IGNORED_FOLDERS, INIT_ADAPTERS, storiesReadme, withIgnoreEntries, type InitAdapter } from './defaults';
import type { InitGeneratorSchema } from './schema';

/** Nx generator `nx-stories:init`. */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<void> {
  return withHintsInMessages(async () => {
    const adapter = checkAdapter(schema.agent);
    // Before any change: a workspace without git cannot run a story, so nothing is half set up.
    if (!schema.skipGitCheck) await assertGitWorkTree(tree.root);
    const nxJson = registerPlugin({ tree, adapter });
    ignoreOrchestrationFolders(tree);
    const glob = storiesOptionsOf(findStoriesPluginEntry(nxJson.plugins))?.stories;
    createStoriesFolder({ tree, glob: typeof glob === 'string' ? glob : DEFAULT_OPTIONS.stories });
  });
}

export default initGenerator;

function checkAdapter(agent: string | undefined): InitAdapter {
  if (agent === undefined) return 'claude-code';
  if ((INIT_ADAPTERS as readonly string[]).includes(agent)) return agent as InitAdapter;
  throw new StoriesError({
    code: 'CONFIG_INVALID',
    message: `nx-stories init: --agent=${agent} is not an agent CLI init can configure; expected one of ${INIT_ADAPTERS.join(', ')}.`,
    hint: 'for a `command` agent, run init and then edit the "agents" option in nx.json',
  });
}

/** Adds the plugin entry unless one exists; returns nx.json as it now is. */
function registerPlugin(args: { tree: Tree; adapter: InitAdapter }): NxJsonConfiguration {
  const { tree, adapter } = args;
  const nxJson = readNxJson(tree) ?? {};
  const { plugins, added } = withStoriesPlugin({ plugins: nxJson.plugins, options: defaultPluginOptions(adapter) });
  if (!added) {
    logger.info('nx-stories is already registered in nx.json; its options are kept as they are.');
    return nxJson;
  }
  const updated: NxJsonConfiguration = { ...nxJson, plugins };
  if (tree.exists('nx.json')) updateNxJson(tree, updated);
  else writeJson(tree, 'nx.json', updated);
  return updated;
}

function ignoreOrchestrationFolders(tree: Tree): void {
  const before = tree.exists('.gitignore') ? tree.read('.gitignore', 'utf-8') ?? '' : undefined;
  const { text, added } = withIgnoreEntries({ text: before, entries: IGNORED_FOLDERS });
  if (added.length > 0) tree.write('.gitignore', text);
}

/** A README in the stories folder, only when the folder is new (the user's folder is theirs). */
function createStoriesFolder(args: { tree: Tree; glob: string }): void {
  const folder = storiesFolderOf(args.glob);
  if (folder === '' || args.tree.exists(folder)) return;
  args.tree.write(pathInFolder({ folder, name: 'README.md' }), storiesReadme());
}
