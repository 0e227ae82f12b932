// Checks the e2e harness itself (fixture server + Chromium flags), without
// the real extension, so harness bugs are not mistaken for product bugs.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import {
  REAL_FIXTURES_DIR,
  imageBytesFor,
  imageSpecFor,
  startFixtureServer,
  type FixtureServer,
} from './support/fixture-server.js';
import { chromiumPath } from '../scripts/system-tools.js';
import { chromiumArgs, launchWithExtension } from './support/launch.js';
import { getFromFixtureServer } from './support/node-client.js';

// The probe runs in the extension's worker, where `chrome` exists; a local
// declaration avoids a dependency on @types/chrome for two calls.
declare const chrome: {
  storage: {
    local: {
      set(items: Record<string, unknown>): Promise<void>;
      get(key: string): Promise<Record<string, unknown>>;
    };
  };
};

const QUESTION_ID = '573874788';
const QUESTION_URL = `https://www.zhihu.com/question/${QUESTION_ID}`;

/** Title and first zhimg image URL, read from the raw fixture file. */
async function questionFacts(): Promise<{ title: string; imageUrl: string }> {
  const html = await readFile(path.join(REAL_FIXTURES_DIR, `question-${QUESTION_ID}.html`), 'utf8');
  const title = /class="QuestionHeader-title"[^>]*>([^<]+)</.exec(html)?.[1];
  // `&` is excluded so an HTML-escaped query (&amp;) cannot leak in.
  const imageUrl = /https:\/\/pic\w*\.zhimg\.com\/[^"'\s)&]+\.(?:jpe?g|png|gif|webp)(?:\?[^"'\s)&]*)?/.exec(html)?.[0];
  if (!title || !imageUrl) throw new Error('fixture no longer has a title or an image');
  return { title, imageUrl };
}

async function loadImage(page: Page, src: string): Promise<{ width: number; height: number }> {
  return page.evaluate(async (url) => {
    const img = document.createElement('img');
    img.src = url;
    document.body.append(img);
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, src);
}

test.describe('fixture server with plain Chromium', () => {
  let server: FixtureServer;
  let browser: Browser;

  test.beforeAll(async () => {
    server = await startFixtureServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs({ server }) });
  });

  test.afterAll(async () => {
    await browser.close();
    await server.close();
  });

  test('serves a real question page under its real URL', async () => {
    const { title } = await questionFacts();
    const page = await browser.newPage();
    const res = await page.goto(QUESTION_URL, { waitUntil: 'domcontentloaded' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.title()).toContain(title);
    await page.close();
  });

  test('serves decodable zhimg images to a zhihu page', async () => {
    const { imageUrl } = await questionFacts();
    const page = await browser.newPage();
    await page.goto(QUESTION_URL, { waitUntil: 'domcontentloaded' });
    const size = await loadImage(page, imageUrl);
    expect(size.width).toBeGreaterThan(0);
    expect(size).toEqual({ width: imageSpecFor(imageUrl).width, height: imageSpecFor(imageUrl).height });
    // The browser sent a zhihu Referer and the hotlink check let it through.
    const path0 = new URL(imageUrl);
    const logged = server.requests.find((r) => r.path === `${path0.pathname}${path0.search}`);
    expect(logged?.referer).toMatch(/^https:\/\/www\.zhihu\.com\//);
    expect(logged?.status).toBe(200);
    await page.close();
  });

  test('zhimg answers 403 to a foreign Referer, 200 otherwise', async () => {
    const { imageUrl } = await questionFacts();
    const foreign = await getFromFixtureServer(server.port, imageUrl, { Referer: 'https://example.com/page' });
    expect(foreign.status).toBe(403);
    const none = await getFromFixtureServer(server.port, imageUrl);
    expect(none.status).toBe(200);
    expect(none.headers['content-type']).toBe('image/png');
    expect(none.body.equals(imageBytesFor(imageUrl))).toBe(true);
    expect(PNG.sync.read(none.body).width).toBe(imageSpecFor(imageUrl).width);
    const zhihu = await getFromFixtureServer(server.port, imageUrl, { Referer: 'https://zhuanlan.zhihu.com/p/1' });
    expect(zhihu.status).toBe(200);
    const script = await getFromFixtureServer(server.port, 'https://pic1.zhimg.com/app.js');
    expect(script.status).toBe(404);
  });

  test('unknown hosts do not resolve', async () => {
    const page = await browser.newPage();
    await expect(page.goto('https://example.com/')).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    await page.close();
  });

  test('addPage, unknown paths, image faults', async () => {
    server.addPage('www.zhihu.com', '/synthetic/xss', '<title>synthetic</title><p>hi</p>');
    const page = await browser.newPage();
    await page.goto('https://www.zhihu.com/synthetic/xss?x=1');
    expect(await page.title()).toBe('synthetic');
    const missing = await page.goto('https://www.zhihu.com/question/1');
    expect(missing?.status()).toBe(404);
    server.setImageFault((url) => (url.pathname.includes('broken') ? '404' : undefined));
    try {
      expect((await getFromFixtureServer(server.port, 'https://pic2.zhimg.com/broken.jpg')).status).toBe(404);
      expect((await getFromFixtureServer(server.port, 'https://pic2.zhimg.com/fine.jpg')).status).toBe(200);
    } finally {
      server.setImageFault(undefined);
    }
    await page.close();
  });

  test('stop() takes the server offline (connections refused, not hanging), start() brings it back', async () => {
    const page = await browser.newPage();
    await page.goto(QUESTION_URL, { waitUntil: 'domcontentloaded' });
    const port = server.port;
    await server.stop();
    await expect(page.goto(QUESTION_URL)).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
    await expect(getFromFixtureServer(port, QUESTION_URL)).rejects.toThrow(/ECONNREFUSED/);
    await server.start();
    expect(server.port).toBe(port);
    expect((await getFromFixtureServer(port, QUESTION_URL)).status).toBe(200);
    // A fresh page: goto() rejects before Chromium commits its error page,
    // and that late commit would abort a navigation started on this page.
    const again = await browser.newPage();
    const res = await again.goto(QUESTION_URL, { waitUntil: 'domcontentloaded' });
    expect(res?.status()).toBe(200);
    await again.close();
    await page.close();
  });
});

test.describe('launchWithExtension', () => {
  let server: FixtureServer;
  let extDir: string;

  test.beforeAll(async () => {
    server = await startFixtureServer();
    // A throw-away MV3 extension, so this test does not depend on the build.
    extDir = await mkdtemp(path.join(os.tmpdir(), 'zhihu-offline-probe-'));
    const manifest = {
      manifest_version: 3,
      name: 'e2e probe',
      version: '0.0.1',
      background: { service_worker: 'sw.js' },
      permissions: ['storage'],
      host_permissions: ['https://www.zhihu.com/*', 'https://*.zhimg.com/*'],
    };
    await writeFile(path.join(extDir, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(path.join(extDir, 'sw.js'), 'self.addEventListener("install", () => {});\n');
  });

  test.afterAll(async () => {
    await server.close();
    await rm(extDir, { recursive: true, force: true });
  });

  test('loads the extension, whose worker reaches the fake zhimg', async () => {
    const ext = await launchWithExtension({ distDir: extDir, server });
    try {
      expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
      const url = 'https://pic3.zhimg.com/80/v2-abc_720w.jpg?source=1';
      const got = await ext.serviceWorker.evaluate(async (u) => {
        const res = await fetch(u, { referrerPolicy: 'no-referrer' });
        return { status: res.status, bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
      }, url);
      expect(got.status).toBe(200);
      expect(Buffer.from(got.bytes).equals(imageBytesFor(url))).toBe(true);
    } finally {
      await ext.close();
    }
    await expect(stat(ext.userDataDir)).rejects.toThrow(/ENOENT/);
  });

  test('a caller-owned profile survives a browser restart', async () => {
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'zhihu-offline-profile-'));
    try {
      const first = await launchWithExtension({ distDir: extDir, server, userDataDir });
      await first.serviceWorker.evaluate(() => chrome.storage.local.set({ probe: 42 }));
      await first.close();
      expect((await stat(userDataDir)).isDirectory()).toBe(true);
      const second = await launchWithExtension({ distDir: extDir, server, userDataDir });
      try {
        expect(second.extensionId).toBe(first.extensionId);
        const stored = await second.serviceWorker.evaluate(() => chrome.storage.local.get('probe'));
        expect(stored).toEqual({ probe: 42 });
      } finally {
        await second.close();
      }
    } finally {
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});
