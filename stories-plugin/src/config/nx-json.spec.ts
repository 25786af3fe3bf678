import { StoriesError } from '../errors';
import { tempDir, type TempDir } from '../testing/temp-dir';
import { readStoriesPluginOptions } from './nx-json';

describe('readStoriesPluginOptions', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it('returns the options of the nx-stories entry (nx.json may have comments)', () => {
    dir.write({ 'nx.json': '{\n  // plugins\n  "plugins": ["@nx/js", { "plugin": "nx-stories", "options": { "sameEpicOrder": true } }]\n}\n' });
    expect(readStoriesPluginOptions(dir.path)).toEqual({ sameEpicOrder: true });
  });

  it('returns {} for a bare entry and undefined without one', () => {
    dir.write({ 'nx.json': '{ "plugins": ["nx-stories"] }' });
    expect(readStoriesPluginOptions(dir.path)).toEqual({});
    dir.write({ 'nx.json': '{ "plugins": [] }' });
    expect(readStoriesPluginOptions(dir.path)).toBeUndefined();
    dir.cleanup();
    expect(readStoriesPluginOptions(dir.path)).toBeUndefined();
  });

  it('reports an nx.json that is not JSON', () => {
    dir.write({ 'nx.json': '{ "plugins": [ }' });
    expect(() => readStoriesPluginOptions(dir.path)).toThrow(StoriesError);
  });
});
