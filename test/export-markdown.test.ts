import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { markdownBody, markdownPost } from '../src/export/markdown';
import { samplePost, seedPost } from './fixtures-export/posts';

const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const md = (content: string, images?: Map<string, string>) => markdownBody(samplePost({ content }), { parse: parseHtml, images });

describe('markdown export', () => {
  it('writes front matter that parses back to the metadata', () => {
    const post = samplePost({ title: `a: "b" 'c' #d\u2028`, tags: ['t1', '- t2'], note: 'n' });
    const text = markdownPost(post, { parse: parseHtml });
    const fm = parse(text.slice(4, text.indexOf('\n---\n') + 1)) as Record<string, unknown>;
    expect(fm).toMatchObject({ title: post.title, author: 'IceBear', kind: 'answer', tags: ['t1', '- t2'], note: 'n', saved: '2024-01-01T00:00:00.000Z' });
    expect(fm.updated).toBe('2022-07-04T03:59:05.000Z');
  });

  it('converts math, code, figures, link cards, links and footnotes', () => {
    const out = md(
      '<p>inline <span class="ztext-math" data-eeimg="1" data-tex="a^2">a^2</span></p>' +
        '<p><span class="ztext-math" data-eeimg="2" data-tex="\\sum x">x</span></p>' +
        '<p><img src="https://www.zhihu.com/equation?tex=e" alt="e \\tag{1}\\\\" eeimg="1"></p>' +
        '<div class="highlight"><pre><code class="language-kotlin">fun main() {\n  println("``")\n}</code></pre></div>' +
        '<figure><img src="data:image/svg+xml;utf8,x" data-original="https://pic1.zhimg.com/v2-a_r.jpg" data-actualsrc="https://pic1.zhimg.com/v2-a_720w.jpg"><figcaption>cap</figcaption></figure>' +
        '<a data-draft-type="link-card" data-text="Card" href="https://link.zhihu.com/?target=https%3A//example.com/x">x</a>' +
        '<p><a class=" external" href="https://link.zhihu.com/?target=https%3A//en.wikipedia.org/wiki/E">wiki</a>' +
        '<sup data-text="Ref" data-url="https://example.org/r" data-draft-type="reference" data-numero="1">[1]</sup></p>',
      new Map([['https://pic1.zhimg.com/v2-a_r.jpg', '0011223344556677.jpg']]),
    );
    expect(out).toContain('inline $a^2$');
    expect(out).toContain('$$\n\\sum x\n$$');
    expect(out).toContain('$$\ne \\tag{1}\n$$');
    expect(out).toContain('```kotlin\nfun main() {\n  println("``")\n}\n```');
    expect(out).toContain('![cap](images/0011223344556677.jpg)\n*cap*');
    expect(out).toContain('[Card](https://example.com/x)');
    expect(out).toContain('[wiki](https://en.wikipedia.org/wiki/E)');
    expect(out).toContain('[^1]');
    expect(out).toContain('[^1]: Ref <https://example.org/r>');
  });

  it('converts the real code-block seed with its language', () => {
    const out = markdownBody(seedPost(2), { parse: parseHtml });
    expect(out).toMatch(/```python\nclass integer:/);
    expect(out).toContain('<< "Hello World " <<');
    expect(out).toContain('https://pic2.zhimg.com/v2-66c0140c495ae5741767f6c9b7169ba3_r.jpg?source=b1748391');
  });

  it('emits no raw HTML from hostile content', () => {
    const hostile =
      '<script>alert(1)</script><img src=x onerror=alert(1)><p onclick="alert(2)">hi &lt;script&gt;alert(3)&lt;/script&gt;</p>' +
      '<a href="javascript:alert(4)">js</a><iframe src="https://evil"></iframe><svg><script>alert(5)</script></svg>' +
      '<span class="ztext-math" data-tex="</span><script>alert(6)</script>">m</span><style>*{}</style>' +
      '<table><tr><td><img src="https://pic1.zhimg.com/a.jpg" onerror="alert(7)"></td></tr></table>' +
      '<figure><img src="javascript:alert(8)"><figcaption>[x](javascript:alert(9))</figcaption></figure>' +
      '<a href="https://ok.example/" onmouseover="alert(10)">ok</a>';
    const out = md(hostile);
    expect(out).not.toMatch(/(?<!\\)<\s*\/?\s*(script|iframe|svg|style|img|a|p|table|span)\b/i);
    expect(out).not.toMatch(/\bon[a-z]+\s*=/i);
    expect(out).not.toMatch(/\]\(javascript:/i);
    expect(out).toContain('hi \\<script\\>alert(3)\\</script\\>');
    expect(out).toContain('[ok](https://ok.example/)');
  });
});
