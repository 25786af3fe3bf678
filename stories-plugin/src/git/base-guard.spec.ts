import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gitRepo, type GitRepo } from '../testing/git-repo';
import { baseBranchViolation } from './base-guard';

describe('baseBranchViolation', () => {
  let repo: GitRepo;
  let worktree: string;
  beforeEach(() => {
    repo = gitRepo();
    repo.commit('second');
    worktree = join(repo.path, '.worktrees/agent-dev-1.1-20250101-000000');
    repo.git('worktree', 'add', '-q', '-b', 'story/1.1-x', worktree, 'main');
  });
  afterEach(() => repo.cleanup());
  const check = (baseBefore: string) => baseBranchViolation({ repoRoot: repo.path, baseBranch: 'main', baseBefore, worktree });

  it('accepts a base that stayed or only moved forward (merges, the user\'s commits)', async () => {
    const before = repo.git('rev-parse', 'main');
    expect(await check(before)).toBeUndefined();
    repo.commit('user work');
    expect(await check(before)).toBeUndefined();
  });

  it('reports a base rewound by the agent, naming the commit that restores it', async () => {
    const before = repo.git('rev-parse', 'main');
    repo.git('update-ref', 'refs/heads/main', 'main~1');
    expect(await check(before)).toMatch(new RegExp(`main was rewritten while the agent ran: it no longer contains ${before.slice(0, 12)}.*git update-ref refs/heads/main ${before}`));
  });

  it('reports a base force-updated to the story\'s own unreviewed commits', async () => {
    const before = repo.git('rev-parse', 'main');
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'agent'], { cwd: worktree, env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@b' } });
    repo.git('update-ref', 'refs/heads/main', 'story/1.1-x');
    expect(await check(before)).toMatch(/main was moved to the story's own unreviewed commits/);
  });
});
