/**
 * The generators end to end: the real nx binary (daemon off) runs `nx g nx-stories:init` and
 * `nx g nx-stories:story` from the built plugin (`npm run build` first) in a temp git workspace
 * that starts without the plugin, and the new story becomes an Nx project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nxWorkspace, REPO_ROOT, type NxResult, type NxWorkspace } from '../../stories-plugin/src/testing/nx-workspace';

function ok(result: NxResult): NxResult {
  if (result.status !== 0) throw new Error(`nx failed (${result.status}):\n${result.output}`);
  return result;
}

describe('nx-stories generators through the nx binary', () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    for (const built of ['init', 'story']) {
      const file = join(REPO_ROOT, `stories-plugin/dist/generators/${built}/generator.js`);
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    }
    ws = nxWorkspace({});
    // A workspace that has never heard of the plugin, as a user's would be before init.
    ws.commit('plain nx.json', { 'nx.json': '{}\n', '.gitignore': 'node_modules\n.nx\n' });
  });
  afterAll(() => ws?.cleanup());

  it('init registers the plugin, then story adds a story that nx lists as a project', () => {
    ok(ws.nx(['g', 'nx-stories:init', '--no-interactive']));
    const nxJson = JSON.parse(readFileSync(join(ws.path, 'nx.json'), 'utf8'));
    expect(nxJson.plugins).toEqual([
      {
        plugin: 'nx-stories',
        options: {
          stories: 'docs/stories/*.md',
          agents: { 'general-developer': { adapter: 'claude-code', permissionMode: 'acceptEdits' } },
          defaultAgent: 'general-developer',
          reviewer: 'general-developer',
        },
      },
    ]);
    expect(readFileSync(join(ws.path, '.gitignore'), 'utf8')).toMatch(/^node_modules\n\.nx\n[\s\S]*\n\.worktrees\/\n\.agent-orchestration\/\n$/);
    expect(existsSync(join(ws.path, 'docs/stories/README.md'))).toBe(true);

    const story = ok(ws.nx(['g', 'nx-stories:story', '--epic=1', '--title=Sign up', '--no-interactive']));
    expect(story.output).toContain('docs/stories/1.1.sign-up.md');
    expect(readFileSync(join(ws.path, 'docs/stories/1.1.sign-up.md'), 'utf8')).toMatch(/^# Story 1\.1: Sign up\n\n\*\*Epic\*\*: 1\n\*\*Dependencies\*\*: none\n/);

    expect(JSON.parse(ok(ws.nx(['show', 'projects', '--json'])).stdout)).toEqual(['story-1.1']);
  });

  it('reads a dependency as typed (nx parses `1.10` as the number 1.1), names it when unknown and writes nothing', () => {
    const result = ws.nx(['g', 'nx-stories:story', '--epic=auth', '--title=Log in', '--dependencies=1.10', '--no-interactive']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('unknown dependency "1.10" (existing stories: 1.1)');
    expect(existsSync(join(ws.path, 'docs/stories/2.1.log-in.md'))).toBe(false);
  });
});
