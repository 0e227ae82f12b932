/** Item ids from the DOM alone: cheap enough to run on every item at load (badges, buttons). */
import { metaTime, ownMeta, readZop } from './dom-meta';
import { entityUpdated } from './entity-meta';
import { entity, str, type JsonObject } from './initial-data';
import { SEL } from './selectors';
import type { ItemKind } from './types';

const ID = /^\d{1,25}$/;

export function answerId(root: Element): string | null {
  const id = root.getAttribute('name') || str(readZop(root).itemId ?? '');
  return ID.test(id) ? id : null;
}

export function articleId(root: Element, sourceUrl: string): string | null {
  const isPage = root.matches(SEL.articleRoot);
  const fromUrl = /\/p\/(\d+)/.exec(isPage ? sourceUrl : ownMeta(root, 'url'))?.[1] ?? '';
  const id = str(readZop(root).itemId ?? '') || fromUrl;
  return ID.test(id) ? id : null;
}

export function pinId(root: Element, sourceUrl: string): string | null {
  const id = str(readZop(root).itemId ?? '') || (/\/pin\/(\d+)/.exec(sourceUrl)?.[1] ?? '');
  return ID.test(id) ? id : null;
}

/** `kind:id` of an item root without extracting it (no JSON parse, no cleaning). */
export function itemIdentity(kind: ItemKind, root: Element, sourceUrl: string): { kind: ItemKind; id: string } | null {
  const id = kind === 'answer' ? answerId(root) : kind === 'pin' ? pinId(root, sourceUrl) : articleId(root, sourceUrl);
  return id ? { kind, id } : null;
}

/**
 * When Zhihu last changed the item, without extracting it: the page's entity if it has one,
 * else the item's microdata. Same sources, same order as the full extraction.
 */
export function itemUpdatedAt(kind: ItemKind, id: string, root: Element, state: JsonObject | null): number | null {
  const table = kind === 'answer' ? 'answers' : kind === 'article' ? 'articles' : 'pins';
  const e = entity(state, table, id);
  const fromEntity = e ? entityUpdated(e, kind) : null;
  return fromEntity ?? metaTime(root, 'dateModified');
}
