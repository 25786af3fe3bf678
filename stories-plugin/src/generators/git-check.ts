/**
 * The one check `nx g nx-stories:init` makes outside the Nx tree: stories run in git worktrees, so
 * the workspace must be a git work tree. Thin shell around `git rev-parse`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { StoriesError } from '../errors';

const execFileAsync = promisify(execFile);

/**
 * Resolves when `root` is inside a git work tree; otherwise throws `GIT_FAILED` saying to run
 * `git init` (or to install git when it is missing).
 */
export async function assertGitWorkTree(root: string): Promise<void> {
  if (!existsSync(root)) {
    throw new StoriesError({ code: 'GIT_FAILED', message: `nx-stories: the workspace folder ${root} does not exist.` });
  }
  let answer = '';
  try {
    ({ stdout: answer } = await execFileAsync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, encoding: 'utf8' }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StoriesError({
        code: 'GIT_FAILED',
        message: 'nx-stories needs git, and no `git` command was found on PATH.',
        hint: 'install git, then run `nx g nx-stories:init` again',
      });
    }
    // git exits 128 outside a repository: that is the answer "no", handled below.
  }
  if (answer.trim() !== 'true') {
    throw new StoriesError({
      code: 'GIT_FAILED',
      message: `nx-stories: ${root} is not a git repository. Stories are implemented in git worktrees and merged with git: run \`git init\` first (and commit once), then run \`nx g nx-stories:init\` again.`,
      hint: 'pass --skipGitCheck only if the repository is set up some other way',
    });
  }
}
