/**
 * Writes an export's ZIP in a worker (zip-worker.ts) while this page reads and renders the
 * entries: the two run on two cores (issue #6). The page sends the entries in batches and keeps at
 * most CREDIT of them in flight, so memory stays bounded when the worker falls behind; Cancel
 * answers at once, even while the page waits for a read from IndexedDB.
 */
import { feedBatches } from '../../export/zip-feed';
import type { ZipEntry, ZipProgress } from '../../zip/writer';
import { t } from '../../shared/i18n';
import { trustedWorkerUrl } from '../sanitize/worker-url';
import workerUrl from './zip-worker.ts?worker&url';
import type { FromZipWorker, ToZipWorker, ZipSink } from './zip-worker-protocol';

const CREDIT = 16 * 1024 * 1024;

export interface WorkerZipOptions {
  signal: AbortSignal;
  onProgress?: (progress: ZipProgress) => void;
}

export interface WorkerZipResult {
  /** The ZIP, for a Blob sink. */
  blob: Blob | null;
  bytes: number;
}

function failure(message: Extract<FromZipWorker, { kind: 'failed' }>): Error {
  // Keeps a disk-full or permission error recognisable by its DOMException name.
  return message.name && message.name !== 'Error' ? new DOMException(message.message, message.name) : new Error(message.message);
}

export async function zipInWorker(entries: AsyncIterable<ZipEntry>, sink: ZipSink, { signal, onProgress }: WorkerZipOptions): Promise<WorkerZipResult> {
  signal.throwIfAborted();
  const worker = new Worker(trustedWorkerUrl(window, workerUrl), { type: 'module' });
  const send = (message: ToZipWorker, transfer: Transferable[] = []): void => worker.postMessage(message, transfer);
  let inflight = 0;
  let credit = (): void => undefined;
  let settled = false;
  let settle!: { resolve: (r: WorkerZipResult) => void; reject: (e: unknown) => void };
  const outcome = new Promise<WorkerZipResult>((resolve, reject) => (settle = { resolve, reject }));
  outcome.then(() => (settled = true), () => (settled = true));
  worker.onmessage = (event: MessageEvent<FromZipWorker>) => {
    const message = event.data;
    if (message.kind === 'progress') {
      inflight -= message.consumed;
      onProgress?.({ entries: message.entries, bytes: message.bytes });
      credit();
    } else if (message.kind === 'done') settle.resolve({ blob: message.blob, bytes: message.bytes });
    else settle.reject(failure(message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    // The browser's own words (a CSP or load error) are for the console; the user is told what to do.
    console.warn('[zhihu-offline] export worker error', event.message);
    settle.reject(new Error(t('exportFailedWorker')));
  };
  const onAbort = (): void => settle.reject(signal.reason);
  signal.addEventListener('abort', onAbort);

  async function feed(): Promise<void> {
    send({ kind: 'start', sink });
    for await (const batch of feedBatches(entries)) {
      if (settled) return; // leaving the loop closes the entries, so their reads stop
      send({ kind: 'batch', ops: batch.ops, size: batch.size }, batch.transfer);
      inflight += batch.size;
      while (inflight > CREDIT && !settled) await Promise.race([new Promise<void>((resolve) => (credit = resolve)), outcome]);
    }
    send({ kind: 'finish' });
  }

  try {
    await Promise.race([feed(), outcome]);
    return await outcome;
  } finally {
    signal.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}
