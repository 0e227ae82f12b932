/** Item metadata and body from the rendered DOM: the fallback when js-initialData lacks the item. */
import { cloneIntoContainer } from './clean/inert';
import { parseHttps } from './clean/urls';
import { videoFigure } from './clean/video';
import { domAuthor, metaNumber, metaTime, ownMeta, readZaExtra, readZop, textOf } from './dom-meta';
import type { ItemMeta } from './item';
import { SEL } from './selectors';
import type { IncompleteReason, ItemKind } from './types';

export function domMeta(root: Element, kind: ItemKind, id: string, sourceUrl: string): ItemMeta {
  const zop = readZop(root);
  const extra = readZaExtra(root);
  const reason = domIncomplete(root);
  return {
    kind,
    id,
    url: '',
    title: textOf(root.querySelector(SEL.itemTitle)) || ownMeta(root, 'headline') || zop.title || '',
    author: domAuthor(root, zop.authorName),
    question: null,
    topics: [],
    createdAt: metaTime(root, 'dateCreated') ?? metaTime(root, 'datePublished') ?? extra.publishedAt,
    updatedAt: metaTime(root, 'dateModified'),
    voteCount: metaNumber(root, 'upvoteCount') ?? extra.upvotes,
    commentCount: metaNumber(root, 'commentCount') ?? extra.comments,
    excerpt: '',
    complete: reason === null,
    incompleteReason: reason,
    sourceUrl,
  };
}

/**
 * Paywalls (docs/zhihu-format.md §5) and list cards that show only an excerpt with a "阅读全文" button
 * (column-c_1335313713054887936-2021.html). Collapsed answers on question pages are not excerpts:
 * their whole body is in the DOM and only CSS hides it (§1.2).
 */
export function domIncomplete(root: Element): IncompleteReason | null {
  if (root.querySelector(SEL.paywall)) return 'paid';
  if (root.querySelector(SEL.readMore)) return 'excerpt';
  return null;
}

/** A clone of the item's rendered body in an inert document, plus a video player's poster and link. */
export function domBody(root: Element, itemUrl: string, bodySelector: string = SEL.richText): HTMLElement | null {
  const rich = root.querySelector(bodySelector) ?? root.querySelector(SEL.richText);
  const player = root.querySelector(SEL.videoAnswer);
  if (!rich && !player) return null;
  const container = rich ? cloneIntoContainer(rich) : cloneIntoContainer(root.ownerDocument.createElement('div'));
  if (player) {
    const poster = Array.from(player.querySelectorAll('img')).map((i) => parseHttps(i.getAttribute('src'))?.href).find(Boolean);
    container.prepend(videoFigure(container.ownerDocument, { poster: poster ?? null, href: itemUrl, title: '' }));
  }
  return container;
}
