// oneAhead (src/shared/ahead.ts): the import reads the next batch of the file while it writes this one.
import { describe, expect, it } from 'vitest';
import { oneAhead } from '../src/shared/ahead';

/** A source that logs when each item is made and when it is closed. */
function source(count: number, log: string[], failAt = -1): AsyncGenerator<number> {
  return (async function* () {
    try {
      for (let i = 0; i < count; i++) {
        await Promise.resolve();
        if (i === failAt) throw new Error(`bad ${i}`);
        log.push(`made ${i}`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  })();
}

describe('oneAhead', () => {
  it('gives every item in order, making the next one while the consumer works on this one, never two ahead', async () => {
    const log: string[] = [];
    const got: number[] = [];
    for await (const i of oneAhead(source(4, log))) {
      // While the consumer works (a database write), the next item is made.
      await new Promise((r) => setTimeout(r, 5));
      log.push(`used ${i}`);
      got.push(i);
    }
    expect(got).toEqual([0, 1, 2, 3]);
    expect(log).toEqual(['made 0', 'made 1', 'used 0', 'made 2', 'used 1', 'made 3', 'used 2', 'closed', 'used 3']);
  });

  it('a consumer that stops early closes the source once its pending item is made; a source that fails fails the consumer', async () => {
    const log: string[] = [];
    for await (const i of oneAhead(source(10, log))) if (i === 1) break;
    expect(log).toEqual(['made 0', 'made 1', 'made 2', 'closed']);
    const failing: string[] = [];
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const i of oneAhead(source(10, failing, 2))) seen.push(i);
      })(),
    ).rejects.toThrow('bad 2');
    expect(seen).toEqual([0, 1]);
    expect(failing.at(-1)).toBe('closed');
  });
});
