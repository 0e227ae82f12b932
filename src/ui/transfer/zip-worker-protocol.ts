/** What the 导出与导入 page and its ZIP worker (zip-worker.ts) say to each other. */
import type { FeedOp } from '../../export/zip-feed';

/** Where the worker writes the ZIP: a Blob it hands back, or the file the user picked. */
export type ZipSink = { to: 'blob'; type: string } | { to: 'file'; handle: FileSystemFileHandle };

export type ToZipWorker =
  | { kind: 'start'; sink: ZipSink }
  | { kind: 'batch'; ops: FeedOp[]; size: number }
  | { kind: 'finish' };

export type FromZipWorker =
  /** `consumed`: the size of the batches the writer moved past since the last message (the page's credit). */
  | { kind: 'progress'; entries: number; bytes: number; consumed: number }
  /** `blob` for a Blob sink; `bytes`: the ZIP's size. */
  | { kind: 'done'; blob: Blob | null; bytes: number }
  | { kind: 'failed'; name: string; message: string };
