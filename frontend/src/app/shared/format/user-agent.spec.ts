/**
 * Overview: specs of describeUserAgent: common browsers and systems get a short name, anything
 *   else falls back to the (shortened) raw string.
 * Architecture: unit test of a pure shared helper.
 * Dependencies: Jest.
 * Concepts: the device name is only a hint for recognising one's devices.
 */
import { describeUserAgent } from './user-agent';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

describe('describeUserAgent', () => {
  it('names common browsers and systems, and falls back to the raw string', () => {
    expect(describeUserAgent(CHROME)).toBe('Chrome on Linux');
    expect(describeUserAgent(FIREFOX)).toBe('Firefox on Windows');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl');
    expect(describeUserAgent(null)).toBe('Unknown device');
    expect(describeUserAgent('SomeAgent')).toBe('SomeAgent');
    expect(describeUserAgent('x'.repeat(60))).toBe(`${'x'.repeat(47)}…`);
  });
});
