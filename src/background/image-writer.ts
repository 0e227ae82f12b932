/**
 * Writes images as they arrive, coalescing those that arrive while a write is in flight into the
 * next transaction. One transaction per image cost ~2× the raw floor (bench: save, issue #4);
 * with 4 downloads in flight most writes now carry several images.
 */
import { storeImagesForJob } from '../storage/images';
import type { ImageRow } from '../storage/types';

export class ImageWriter {
  private queue: ImageRow[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly jobId: string,
    private readonly pending: Set<string>,
    private readonly onStored: (count: number) => void,
  ) {}

  add(row: ImageRow): Promise<void> {
    this.queue.push(row);
    this.flushing ??= this.flush();
    return this.flushing;
  }

  /** Resolves when everything added so far is committed. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        for (const r of batch) this.pending.delete(r.url);
        await storeImagesForJob(batch, this.jobId, [...this.pending]);
        this.onStored(batch.length);
      }
    } finally {
      this.flushing = null;
    }
  }
}
