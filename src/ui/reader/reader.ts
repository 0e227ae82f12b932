/** The offline reader: `reader.html#<key>`. Everything comes from IndexedDB. */
import { getFullPost, getImages } from '../../storage/posts';
import type { FullPost } from '../../storage/types';
import { formatDate, formatNumber, localize, t } from '../../shared/i18n';
import { reasonKey } from '../../shared/reasons';
import { makeSanitizer } from '../sanitize/sanitizer';
import { h, mustGet } from '../shared/dom';
import { renderContent } from './render-content';


async function main(): Promise<void> {
  localize(document);
  const status = mustGet<HTMLParagraphElement>('status');
  const key = decodeURIComponent(location.hash.slice(1));
  try {
    const post = key ? await getFullPost(key) : null;
    if (!post) {
      status.textContent = t('readerNotFound');
      status.hidden = false;
      return;
    }
    await render(post);
  } catch (e) {
    status.textContent = t('loadError', e instanceof Error ? e.message : String(e));
    status.hidden = false;
  }
}

async function render(post: FullPost): Promise<void> {
  document.title = `${post.title} - ${t('extName')}`;
  mustGet('title').textContent = post.title;
  mustGet('byline').textContent = t(post.meta.kind === 'article' ? 'articleBy' : 'answerBy', post.author);
  mustGet<HTMLAnchorElement>('original').href = post.meta.url;
  const dates = [t('createdAt', formatDate(post.meta.createdAt)), t('savedAt', formatDate(post.meta.savedAt))];
  if (post.meta.voteCount !== null) dates.push(t('votes', formatNumber(post.meta.voteCount)));
  mustGet('dates').textContent = dates.join(' · ');
  mustGet('banners').replaceChildren(...banners(post));

  const blobs = await getImages(post.meta.images);
  const { fragment } = renderContent(makeSanitizer(window), post.content, blobs, t('imageMissing'));
  mustGet('content').replaceChildren(fragment);
  mustGet('post').hidden = false;
}

function banners(post: FullPost): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (!post.meta.complete) out.push(h('p', { class: 'banner', role: 'note' }, t('readerIncomplete', t(reasonKey(post.meta.incompleteReason)))));
  if (post.meta.missingImages.length) out.push(h('p', { class: 'banner', role: 'note' }, t('readerMissingImages', post.meta.missingImages.length)));
  return out;
}

void main();
