import { extractVerdict, parseVerdictJson, validateVerdict, VERDICT_JSON_SCHEMA } from './verdict';

describe('validateVerdict', () => {
  it('accepts the contract\'s two verdicts and trims findings', () => {
    expect(validateVerdict({ verdict: 'approve', findings: [] })).toEqual({ verdict: { verdict: 'approve', findings: [] } });
    expect(validateVerdict({ verdict: 'changes_requested', findings: [' fix the test ', ''] })).toEqual({
      verdict: { verdict: 'changes_requested', findings: ['fix the test'] },
    });
  });

  it.each([
    [null, 'the verdict is not a JSON object'],
    [['approve'], 'the verdict is not a JSON object'],
    [{ verdict: 'approved', findings: [] }, '"verdict" must be "approve" or "changes_requested", got "approved"'],
    [{ findings: [] }, '"verdict" must be "approve" or "changes_requested", got nothing'],
    [{ verdict: 'approve' }, '"findings" must be an array of strings, got nothing'],
    [{ verdict: 'approve', findings: 'none' }, '"findings" must be an array of strings, got "none"'],
    [{ verdict: 'changes_requested', findings: [{ file: 'a.py' }] }, 'every finding must be a string, got {"file":"a.py"}'],
    [{ verdict: 'changes_requested', findings: ['  '] }, '"changes_requested" needs at least one finding saying what to change'],
  ])('rejects %j', (value, problem) => {
    expect(validateVerdict(value)).toEqual({ problem });
  });

  it('matches its own JSON schema\'s required fields', () => {
    expect(VERDICT_JSON_SCHEMA.required).toEqual(['verdict', 'findings']);
  });
});

describe('parseVerdictJson', () => {
  it('says when the text is not JSON', () => {
    expect(parseVerdictJson('{"verdict": ').problem).toMatch(/^the verdict is not valid JSON \(/);
  });
});

describe('extractVerdict', () => {
  const approve = { verdict: { verdict: 'approve', findings: [] } };
  it('reads a reply that is exactly the JSON', () => {
    expect(extractVerdict(' {"verdict":"approve","findings":[]}\n')).toEqual(approve);
  });
  it('reads the last fenced block', () => {
    expect(extractVerdict('Draft:\n```json\n{"verdict":"changes_requested","findings":["x"]}\n```\nFinal:\n```json\n{"verdict":"approve","findings":[]}\n```')).toEqual(approve);
  });
  it('reads the last object naming "verdict" inside prose, braces in strings included', () => {
    const text = 'I checked {a: 1}. Verdict: {"verdict": "changes_requested", "findings": ["handle \\"}\\" in names"]} Thanks.';
    expect(extractVerdict(text)).toEqual({ verdict: { verdict: 'changes_requested', findings: ['handle "}" in names'] } });
  });
  it('does not fall back to an earlier verdict when the last one is invalid', () => {
    expect(extractVerdict('{"verdict":"approve","findings":[]} then {"verdict":"lgtm","findings":[]}').problem).toMatch(/got "lgtm"/);
  });
  it('explains a reply without any verdict', () => {
    expect(extractVerdict('').problem).toBe("the reviewer's reply is empty: no verdict JSON");
    expect(extractVerdict('Looks good!').problem).toBe('no verdict JSON in the reviewer\'s reply (it ended: "Looks good!")');
  });
});
