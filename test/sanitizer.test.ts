// The render-time sanitizer under jsdom (happy-dom would silently keep <script>).
import { describe, expect, it } from 'vitest';
import { makeSanitizer, safeImageUrl, safeLinkUrl } from '../src/ui/sanitize/sanitizer';

const sanitize = makeSanitizer(window);
const html = (dirty: string): string => {
  const box = document.createElement('div');
  box.replaceChildren(sanitize(dirty));
  return box.innerHTML;
};

describe('sanitizer', () => {
  it('drops scripts, handlers and javascript: URLs', () => {
    const out = html('<p onclick="x()">a<script>alert(1)</script></p><img src=x onerror=alert(1)><a href="javascript:alert(1)">l</a><svg onload=alert(1)></svg>');
    expect(out).not.toMatch(/script|onerror|onclick|onload|javascript:|<svg/i);
    expect(out).toContain('<p>a</p>');
    expect(out).toMatch(/<a( [^>]*)?>l<\/a>/);
    expect(out).not.toMatch(/<a [^>]*href/);
  });

  it('keeps zhimg images and normal links, and drops other image hosts', () => {
    const out = html('<figure><img src="https://pic1.zhimg.com/v2-a_1440w.jpg" data-original="x"></figure><img src="https://evil.example/x.png"><a href="https://example.com/a">t</a>');
    expect(out).toContain('src="https://pic1.zhimg.com/v2-a_1440w.jpg"');
    expect(out).not.toContain('evil.example');
    expect(out).not.toContain('data-original');
    expect(out).toContain('href="https://example.com/a"');
  });

  it('keeps only reader classes', () => {
    expect(html('<span class="ztext-math css-1x2y3z" data-tex="x">x</span>')).toBe('<span class="ztext-math">x</span>');
    expect(html('<pre><code class="language-kotlin Pygments">fun</code></pre>')).toBe('<pre><code class="language-kotlin">fun</code></pre>');
  });

  it('returns a fragment from an inert document, so nothing loads before insertion', () => {
    const frag = sanitize('<img src="https://pic1.zhimg.com/v2-a.jpg">');
    expect(frag.ownerDocument).not.toBe(document);
  });

  it('validates URLs with new URL()', () => {
    expect(safeLinkUrl('https://user:pw@example.com/')).toBeNull();
    expect(safeLinkUrl('data:text/html,x')).toBeNull();
    expect(safeImageUrl('https://pic1.zhimg.com.evil.com/a.jpg')).toBeNull();
    expect(safeImageUrl('http://pic1.zhimg.com/a.jpg')).toBeNull();
    expect(safeImageUrl('https://picx.zhimg.com/v2-a_720w.jpg?source=1')).toBe('https://picx.zhimg.com/v2-a_720w.jpg?source=1');
  });
});
