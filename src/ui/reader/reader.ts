/**
 * The offline reader: `reader.html#<key>`. Everything comes from IndexedDB; the content goes
 * through the one sanitizer, then gets the reader's structure (math, footnotes, zoom).
 */
import { localize, t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { reasonKey } from '../../shared/reasons';
import { getFullPost, getImages } from '../../storage/posts';
import type { FullPost, PostKey } from '../../storage/types';
import { makeContentSanitizer, makeSanitizer } from '../sanitize/sanitizer';
import { h, mustGet } from '../shared/dom';
import { libraryUrl, openSettings, pageUrl } from '../shared/links';
import { showRecovery } from '../shared/recovery';
import { applyTheme, currentTheme, nextTheme, type Theme } from '../shared/theme';
import { renderAnnotations } from './annotations';
import { renderComments } from './comments';
import { enhance } from './enhance';
import { renderHeader } from './header';
import { renderMath } from './math';
import { listenForNavigation, updateNavLinks } from './nav';
import { renderContent } from './render-content';
import { renderRevisions } from './revisions';
import { renderZhihuState } from './zhihu-state';

const THEME_LABEL: Record<Theme, MessageKey> = { auto: 'themeAuto', light: 'themeLight', dark: 'themeDark' };

function currentKey(): PostKey {
  return decodeURIComponent(location.hash.slice(1)) as PostKey;
}

async function main(): Promise<void> {
  applyTheme();
  localize(document);
  setupBar();
  const status = mustGet<HTMLParagraphElement>('status');
  const key = currentKey();
  try {
    const post = key ? await getFullPost(key) : null;
    if (!post) {
      status.textContent = t('readerNotFound');
      status.hidden = false;
      return;
    }
    await render(post);
  } catch (e) {
    if (showRecovery(e)) return;
    status.textContent = t('loadError', e instanceof Error ? e.message : String(e));
    status.hidden = false;
  }
}

function setupBar(): void {
  mustGet<HTMLAnchorElement>('library').href = libraryUrl();
  const settings = mustGet<HTMLAnchorElement>('settings');
  settings.href = pageUrl('settings');
  settings.addEventListener('click', openSettings);
  const theme = mustGet<HTMLButtonElement>('theme');
  const label = (): void => {
    theme.textContent = t(THEME_LABEL[currentTheme()]);
    theme.setAttribute('aria-label', t('themeToggleAria', theme.textContent));
  };
  theme.addEventListener('click', () => {
    nextTheme();
    label();
  });
  label();
  // A new post is a fresh page: no listener or object URL of the old one survives.
  addEventListener('hashchange', () => location.reload());
  listenForNavigation(currentKey, (k) => (location.hash = encodeURIComponent(k)));
}

async function render(post: FullPost): Promise<void> {
  document.title = `${post.title} - ${t('extName')}`;
  const blobs = await getImages([...post.meta.images, post.meta.authorInfo.avatar].filter(Boolean));
  renderHeader(post, blobs.get(post.meta.authorInfo.avatar));
  mustGet('banners').replaceChildren(...banners(post));
  const { fragment, footnotes } = renderContent(makeContentSanitizer(window), post.content, blobs, t('imageMissing'));
  const content = mustGet('content');
  content.replaceChildren(fragment);
  enhance(content, footnotes);
  mustGet('post').hidden = false;
  mustGet('mine').hidden = false;
  await Promise.all([
    renderMath(content).catch((e: unknown) => console.warn('[zhihu-offline] math', e)),
    renderAnnotations(post.key),
    renderRevisions(post),
    renderZhihuState(post),
    renderComments(post.key, makeSanitizer(window)),
    updateNavLinks(post.key, mustGet('prev'), mustGet('next')),
  ]);
  document.documentElement.dataset.ready = 'true';
}

function banners(post: FullPost): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (!post.meta.complete) out.push(h('p', { class: 'banner', role: 'note' }, t('readerIncomplete', t(reasonKey(post.meta.incompleteReason)))));
  if (post.meta.missingImages.length) out.push(h('p', { class: 'banner', role: 'note' }, t('readerMissingImages', post.meta.missingImages.length)));
  return out;
}

void main();
