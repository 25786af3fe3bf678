import { InvalidArgumentError } from 'commander';
import { StoriesError } from '../errors';
import { collectFinding, outOfScopeMode, parseParallel, storyIdArgument } from './arguments';

describe('parseParallel', () => {
  it('takes whole numbers from 1 to 64', () => {
    expect(parseParallel('1')).toBe(1);
    expect(parseParallel(' 8 ')).toBe(8);
    expect(parseParallel('64')).toBe(64);
  });

  it.each(['0', '65', '-1', '2.5', 'three', ''])('refuses %p with a message commander shows next to the option', (text) => {
    expect(() => parseParallel(text)).toThrow(InvalidArgumentError);
    expect(() => parseParallel(text)).toThrow('expected a whole number from 1 to 64');
  });
});

describe('collectFinding', () => {
  it('collects repeated findings in order, trimmed', () => {
    expect(collectFinding(' first ', undefined)).toEqual(['first']);
    expect(collectFinding('second', ['first'])).toEqual(['first', 'second']);
  });

  it('refuses a blank finding', () => {
    expect(() => collectFinding('   ', ['first'])).toThrow(InvalidArgumentError);
  });
});

describe('outOfScopeMode', () => {
  it('asks on a terminal when no decision was given', () => {
    expect(outOfScopeMode({ interactive: true })).toEqual({ kind: 'prompt' });
  });

  it('cancels without a terminal when no decision was given', () => {
    expect(outOfScopeMode({ interactive: false })).toEqual({ kind: 'decided', decision: 'cancel', explicit: false });
  });

  it('follows an explicit --on-out-of-scope, with or without a terminal', () => {
    expect(outOfScopeMode({ interactive: false, flag: 'expand' })).toEqual({ kind: 'decided', decision: 'expand', explicit: true });
    expect(outOfScopeMode({ interactive: true, flag: 'skip' })).toEqual({ kind: 'decided', decision: 'skip', explicit: true });
    expect(outOfScopeMode({ interactive: true, flag: 'cancel' })).toEqual({ kind: 'decided', decision: 'cancel', explicit: true });
  });
});

describe('storyIdArgument', () => {
  const existing = ['1.1', '1.2', '1.10', '2.1'];

  it('normalizes and accepts an existing id', () => {
    expect(storyIdArgument({ text: '1.10', existing })).toBe('1.10');
    expect(storyIdArgument({ text: ' 01.02 ', existing })).toBe('1.2');
  });

  it('names the closest ids for an unknown one', () => {
    const error = (() => {
      try {
        storyIdArgument({ text: '1.3', existing });
      } catch (caught) {
        return caught;
      }
    })() as StoriesError;
    expect(error).toBeInstanceOf(StoriesError);
    expect(error.code).toBe('SCOPE_INVALID');
    expect(error.message).toBe('There is no story 1.3.');
    expect(error.hint).toMatch(/did you mean 1\.1, 1\.2, 1\.10\?/);
  });

  it('says when the text is no id at all', () => {
    expect(() => storyIdArgument({ text: 'login', existing })).toThrow('"login" is not a story id.');
  });
});
