/** Schemas of the sync messages (issue #16). The sender checks live in protocol.ts (ALLOWED_SENDERS). */
import * as v from 'valibot';
import { DeviceManifestSchema } from '../sync/manifest';

export const SyncLoadRequestSchema = v.strictObject({ type: v.literal('sync/load') });

/** The state a sync hands back: checked as strictly as a manifest read from the server, since it becomes the next sync's base. */
const SyncStateSchema = v.strictObject({
  device: v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,40}$/)),
  seen: v.record(v.string(), v.string()),
  own: DeviceManifestSchema,
  others: v.record(v.string(), v.strictObject({ etag: v.string(), manifest: DeviceManifestSchema })),
  base: v.optional(v.record(v.string(), v.strictObject({ tags: v.array(v.string()), note: v.string() }))),
});

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const SyncFinishedRequestSchema = v.strictObject({
  type: v.literal('sync/finished'),
  state: v.nullable(SyncStateSchema),
  last: v.nullable(v.strictObject({ at: Count, report: v.strictObject({ fetched: Count, sent: Count, deletedHere: Count, deletedThere: Count, requests: Count }) })),
  failure: v.nullable(v.pipe(v.string(), v.maxLength(40))),
});
