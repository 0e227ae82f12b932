// @vitest-environment node
// Cancel answers at once (issue #6): while the ZIP writer waits for a read that does not come
// (IndexedDB held by a long save), cancelling the stream or aborting the Blob sink must not
// wait for that read; the writer, given the same signal as on the page, stops at its next step.
import { describe, expect, it } from 'vitest';
import { zipStream, type ZipEntry } from '../src/zip/writer';
import { streamToBlob } from '../src/ui/transfer/save-stream';

/** Entries whose second post waits for `gate`; `after` records whether anything ran past it. */
function gated(): { entries: AsyncIterable<ZipEntry>; open: () => void; after: string[] } {
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const after: string[] = [];
  async function* posts(): AsyncGenerator<string> {
    yield '{"posts":[1';
    after.push('waiting');
    await gate;
    after.push('read');
    yield ',2]}';
    after.push('wrote');
  }
  async function* entries(): AsyncGenerator<ZipEntry> {
    yield { name: 'backup.json', data: posts() };
    after.push('next entry');
  }
  return { entries: entries(), open, after };
}

describe('cancelling an export', () => {
  it('a stream cancel returns while the writer still waits, and the writer stops at its next step', async () => {
    const { entries, open, after } = gated();
    const ctrl = new AbortController();
    const reader = zipStream(entries, { signal: ctrl.signal }).getReader();
    const pending = reader.read();
    await new Promise((r) => setTimeout(r, 0));
    expect(after).toEqual(['waiting']); // the writer waits on the gate
    const reason = new Error('user cancelled');
    ctrl.abort(reason);
    await reader.cancel(reason); // resolves although the gate is still closed
    await expect(pending).resolves.toMatchObject({ done: true });
    open();
    await new Promise((r) => setTimeout(r, 0));
    expect(after).toEqual(['waiting', 'read']);
  });

  it('the Blob sink rejects with the abort reason at once and cancels the stream', async () => {
    const { entries, open, after } = gated();
    const ctrl = new AbortController();
    const blob = streamToBlob(zipStream(entries, { signal: ctrl.signal }), 'application/zip', ctrl.signal);
    await new Promise((r) => setTimeout(r, 0));
    expect(after).toEqual(['waiting']); // the sink is reading, the writer waits on the gate
    const reason = new Error('user cancelled');
    ctrl.abort(reason);
    await expect(blob).rejects.toBe(reason);
    open();
    await new Promise((r) => setTimeout(r, 0));
    expect(after).toEqual(['waiting', 'read']);
  });

  it('an already aborted signal saves nothing', async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error('too late'));
    await expect(streamToBlob(zipStream([{ name: 'a.md', data: 'x' }]), 'application/zip', ctrl.signal)).rejects.toThrow('too late');
  });
});
