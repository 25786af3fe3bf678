import { detectUsageLimit, parseDuration } from './usage-limit';

const now = Date.parse('2026-03-01T12:00:00.000Z');

describe('detectUsageLimit', () => {
  it.each([
    ['Claude AI usage limit reached|1767225600', '2026-01-01T00:00:00.000Z'],
    ["You've hit your limit · resets 3pm (Europe/Berlin)", '3pm (Europe/Berlin)'],
    ["You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), or try again in 4 days 20 hours 9 minutes.", '2026-03-06T08:09:00.000Z'],
    ["You've hit your usage limit. Upgrade to Plus to continue using Codex, or try again at 3:04 PM.", '3:04 PM'],
    ['Quota exceeded for metric. RESOURCE_EXHAUSTED. Please retry in 51.2s.', '2026-03-01T12:00:51.000Z'],
    ['You have exhausted your capacity on this model. Your quota will reset after 13h52m.', '2026-03-02T01:52:00.000Z'],
    ['The API provider has rate limited you. Try again later or check your quotas.', undefined],
    ['exceeded retry limit, last status: 429 Too Many Requests', undefined],
  ])('%s', (text, resetAt) => {
    const limit = detectUsageLimit({ text, now });
    expect(limit?.message).toBe(text);
    expect(limit?.resetAt).toBe(resetAt);
  });

  it('keeps a relative reset time in words when there is no clock to resolve it', () => {
    expect(detectUsageLimit({ text: 'Rate limit hit, try again in 30 minutes' })?.resetAt).toBe('30 minutes');
  });

  it('ignores errors that are not limits', () => {
    for (const text of ['Not logged in · Please run /login', 'unexpected status 401 Unauthorized', 'fetch failed, port 4290', '']) {
      expect(detectUsageLimit({ text, now })).toBeUndefined();
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['51.2s', 51],
    ['13h52m', 49920],
    ['4 days 20 hours 9 minutes', 418140],
    ['30 min', 1800],
    ['soon', undefined],
  ])('%s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
});
