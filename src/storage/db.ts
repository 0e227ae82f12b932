/** The one Dexie database. Schema versions are explicit; every change adds a version. */
import Dexie, { type EntityTable } from 'dexie';
import type { ContentRow, ImageRow, PostRow } from './types';

export const DB_NAME = 'zhihu-offline';

export class ZhihuOfflineDB extends Dexie {
  posts!: EntityTable<PostRow, 'key'>;
  contents!: EntityTable<ContentRow, 'key'>;
  images!: EntityTable<ImageRow, 'url'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      posts: '&key, meta.savedAt, meta.createdAt, meta.kind',
      contents: '&key',
      images: '&url',
    });
  }
}

let shared: ZhihuOfflineDB | null = null;

export function db(): ZhihuOfflineDB {
  shared ??= new ZhihuOfflineDB();
  return shared;
}
