// Imported content is cleaned at the door, and benign content (the real seed files) is kept byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importHexo } from '../src/import/hexo';
import { makeImportCleaner } from '../src/ui/sanitize/import-cleaner';
import { SEED_FILES as SEEDS } from './support/fixtures';

describe('makeImportCleaner', () => {
  const clean = makeImportCleaner(window);

  it.each(SEEDS)('keeps the real seed content of %s unchanged', (file) => {
    const r = importHexo(readFileSync(file, 'utf8'), 0, file);
    if (!r.ok) throw new Error(r.error.code);
    expect(clean(r.value.content)).toEqual({ html: r.value.content, changed: false });
  });

  it('cleans hostile HTML: scripts, handlers, javascript: and data: URLs, base, forms, styles', () => {
    const hostile = '<p onclick="x()" style="color:red">正文</p><script>alert(1)</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">链接</a><base href="https://evil.example/"><form action="https://evil.example"><input></form><iframe src="data:text/html,x"></iframe><svg onload="alert(1)"></svg>';
    const r = clean(hostile);
    expect(r.changed).toBe(true);
    expect(r.html).toContain('正文');
    expect(r.html).toContain('链接');
    expect(r.html).not.toMatch(/onclick|onerror|onload|<script|javascript:|<base|<form|<input|<iframe|<svg|style=/i);
  });

  it('keeps Zhihu markup that is benign', () => {
    const ok = '<figure data-size="normal"><img src="https://pic1.zhimg.com/v2-a_1440w.jpg" data-original="https://pic1.zhimg.com/v2-a_r.jpg" referrerpolicy="no-referrer"></figure><p data-pid="x"><span class="ztext-math" data-eeimg="1" data-tex="x^2">x^2</span></p>';
    expect(clean(ok)).toEqual({ html: ok, changed: false });
  });
});
