import { rawArgument } from './raw-argument';

describe('rawArgument', () => {
  const argv = ['node', 'nx', 'g', 'nx-stories:story', '--epic=1', '--dependencies', '1.10', '--title=a=b'];

  it('reads `--name=value` and `--name value` as typed', () => {
    expect(rawArgument({ argv, name: 'dependencies' })).toBe('1.10');
    expect(rawArgument({ argv, name: 'title' })).toBe('a=b');
  });

  it('lets the last occurrence win and ignores look-alike names', () => {
    expect(rawArgument({ argv: ['--epic=1', '--epics=2', '--epic=3'], name: 'epic' })).toBe('3');
  });

  it('is undefined when the option is absent or has no value', () => {
    expect(rawArgument({ argv, name: 'agent' })).toBeUndefined();
    expect(rawArgument({ argv: ['--dependencies', '--epic=1'], name: 'dependencies' })).toBeUndefined();
  });
});
