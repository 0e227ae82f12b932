// Opens the extension's real toolbar popup (chrome.action.openPopup, from the worker) and reads
// its User Timing marks. Playwright does not attach to popup targets, so the popup loads as it
// does for a user: no debugger pausing it at start, no init scripts. The marks are then read over
// a plain CDP session to the popup's target.
import type { BrowserContext, CDPSession } from '@playwright/test';
import { extensionWorker } from '../e2e/support/launch';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

async function popupPages(cdp: CDPSession): Promise<TargetInfo[]> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  return targetInfos.filter((t) => t.type === 'page' && t.url.endsWith('/src/ui/popup/popup.html'));
}

/** The popup page that is not one of `before` (a tab may show the same page). */
async function newPopupTarget(cdp: CDPSession, before: ReadonlySet<string>, timeoutMs = 10_000): Promise<TargetInfo> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const found = (await popupPages(cdp)).find((t) => !before.has(t.targetId));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the popup did not open');
}

/** Evaluates `expression` in the target through a non-flattened session (Playwright's sessions take no sessionId). */
async function evaluateIn(cdp: CDPSession, targetId: string, expression: string): Promise<unknown> {
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  try {
    const reply = new Promise<unknown>((resolve, reject) => {
      const onMessage = (e: { sessionId: string; message: string }): void => {
        const msg = JSON.parse(e.message) as { id?: number; result?: { result?: { value?: unknown } }; error?: unknown };
        if (e.sessionId !== sessionId || msg.id !== 1) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        if (msg.error) reject(new Error(JSON.stringify(msg.error)));
        else resolve(msg.result?.result?.value);
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
    });
    const message = JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message });
    return await reply;
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

/** Opens the real popup, waits for every one of `marks`, returns their times from the popup's navigation start. */
export async function openPopupAndMeasure(context: BrowserContext, cdp: CDPSession, marks: readonly string[]): Promise<number[]> {
  const worker = await extensionWorker(context);
  const before = new Set((await popupPages(cdp)).map((t) => t.targetId));
  // Chromium refuses while the last popup is still closing; the window then needs a moment.
  for (let attempt = 0; ; attempt++) {
    const error = await worker.evaluate(() => chrome.action.openPopup().then(() => '', (e: unknown) => String(e)));
    if (!error) break;
    if (attempt === 50) throw new Error(error);
    await context.pages()[0]?.bringToFront();
    await new Promise((r) => setTimeout(r, 100));
  }
  const target = await newPopupTarget(cdp, before);
  const expression = `(async () => {
    const names = ${JSON.stringify(marks)};
    for (let i = 0; i < 400; i++) {
      const times = names.map((n) => performance.getEntriesByName(n)[0]?.startTime ?? -1);
      if (times.every((t) => t >= 0)) return times;
      await new Promise((r) => setTimeout(r, 25));
    }
    return null;
  })()`;
  const times = (await evaluateIn(cdp, target.targetId, expression)) as number[] | null;
  await cdp.send('Target.closeTarget', { targetId: target.targetId });
  if (!times) throw new Error(`the popup never recorded ${marks.join(', ')}`);
  return times;
}
