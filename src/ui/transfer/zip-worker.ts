/**
 * The export's ZIP writer, off the page's thread (src/export/zip-feed.ts says why). It takes the
 * entries in batches, writes the ZIP with the same writer as before (zipStream) and folds it into
 * a Blob or streams it into the picked file. The page terminates it when the export ends, fails or
 * is cancelled; a file it was writing is then dropped unwritten (the browser discards the swap file
 * of a writer that goes away unclosed).
 */
import { FeedQueue } from '../../export/zip-feed';
import { zipStream, type ZipProgress } from '../../zip/writer';
import { streamToBlob, streamToWritable } from './save-stream';
import type { FromZipWorker, ToZipWorker, ZipSink } from './zip-worker-protocol';

const post = (message: FromZipWorker): void => self.postMessage(message);

let progress: ZipProgress = { entries: 0, bytes: 0 };
const queue = new FeedQueue((consumed) => post({ kind: 'progress', ...progress, consumed }));

async function write(sink: ZipSink): Promise<void> {
  const stream = zipStream(queue.entries(), { onProgress: (p) => (progress = p) });
  if (sink.to === 'blob') {
    const blob = await streamToBlob(stream, sink.type);
    post({ kind: 'done', blob, bytes: blob.size });
    return;
  }
  await streamToWritable(stream, await sink.handle.createWritable());
  post({ kind: 'done', blob: null, bytes: (await sink.handle.getFile()).size });
}

self.onmessage = (event: MessageEvent<ToZipWorker>): void => {
  const message = event.data;
  if (message.kind === 'batch') queue.push(message);
  else if (message.kind === 'finish') queue.finish();
  else
    write(message.sink).catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      post({ kind: 'failed', name: error.name, message: error.message });
    });
};
