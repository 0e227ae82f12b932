import createDOMPurify from 'dompurify';
import { describe, expect, it } from 'vitest';
import { EXPORT_CSP, htmlDocument } from '../src/export/html';
import { samplePost, seedPost } from './fixtures-export/posts';

const purify = createDOMPurify(window);
const sanitize = (html: string): string => purify.sanitize(html);
const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('single-file HTML export', () => {
  it('has the strict CSP right after the charset, and no script', () => {
    const html = htmlDocument([seedPost(0), seedPost(2)], { sanitize, title: 'All' });
    const doc = parseHtml(html);
    const metas = [...doc.head.querySelectorAll('meta')];
    expect(metas[0]?.getAttribute('charset')).toBe('utf-8');
    expect(metas[1]?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(metas[1]?.getAttribute('content')).toBe(EXPORT_CSP);
    expect(EXPORT_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelectorAll('article')).toHaveLength(2);
    expect(doc.title).toBe('All');
  });

  it('escapes text and sanitizes hostile content', () => {
    const post = samplePost({
      title: '</title><script>alert(1)</script>',
      author: '<img src=x onerror=alert(2)>',
      content: '<p onclick="alert(3)">hi</p><script>alert(4)</script><img src="x" onerror="alert(5)"><a href="javascript:alert(6)">x</a>',
      meta: { ...samplePost().meta, url: 'javascript:alert(7)', authorInfo: { name: '', url: '', avatar: '', headline: '' } },
    });
    const html = htmlDocument([post], { sanitize });
    const doc = parseHtml(html);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.title).toBe(post.title);
    expect(doc.querySelector('h1')?.textContent).toBe(post.title);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) expect(attr.name.startsWith('on')).toBe(false);
    }
    expect(html).not.toContain('javascript:');
  });

  it('inlines stored images as data: URIs, even behind a lazy placeholder', () => {
    const post = samplePost({
      content: '<figure><img src="data:image/svg+xml;utf8,x" data-original="https://pic1.zhimg.com/v2-a_r.jpg?x=1&amp;y=2"></figure><img src="https://pic1.zhimg.com/v2-b.jpg">',
    });
    const images = new Map([
      ['https://pic1.zhimg.com/v2-a_r.jpg?x=1&y=2', { type: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]) }],
      ['https://pic1.zhimg.com/v2-b.jpg', { type: 'text/html', bytes: new Uint8Array([60]) }],
    ]);
    const doc = parseHtml(htmlDocument([post], { sanitize, images }));
    const [a, b] = [...doc.querySelectorAll('.content img')];
    expect(a?.getAttribute('src')).toBe('data:image/png;base64,iVBORw==');
    // A non-image type is never inlined; the remote URL stays and the CSP blocks it.
    expect(b?.getAttribute('src')).toBe('https://pic1.zhimg.com/v2-b.jpg');
  });
});
