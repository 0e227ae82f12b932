/** After a retry: the post's missing-image markers and its retry job change together. */
import { strictDb } from './db';
import type { OutboxRow, PostKey } from './types';

export async function recordRetryOutcome(key: PostKey, stillMissing: string[], job: OutboxRow, next: OutboxRow | null): Promise<void> {
  const d = strictDb();
  await d.transaction('rw', d.posts, d.outbox, async () => {
    await d.posts.where('key').equals(key).modify((p) => {
      p.meta.missingImages = p.meta.missingImages.filter((u) => stillMissing.includes(u));
    });
    if (next) await d.outbox.put(next);
    else await d.outbox.delete(job.id);
  });
}
