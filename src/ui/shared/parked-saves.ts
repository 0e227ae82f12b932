/**
 * Saves the worker parked (src/background/poison.ts): a capture that failed or stalled every run is
 * shown with the reason, in the popup and the library, so it is neither lost nor retried forever.
 * Retry makes the job due now and sets the worker's outbox alarm (the worker runs due jobs on it);
 * discard removes the job and the images only it had stored. The title is the capture's, shown as text.
 */
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { discardJob, OUTBOX_ALARM, parkedJobs, unparkJob } from '../../storage/outbox';
import type { OutboxRow, ParkReason } from '../../storage/types';
import { h } from './dom';

const REASON: Record<ParkReason, MessageKey> = { failing: 'parkedFailing', stalled: 'parkedStalled' };

/** Fills `box` with the parked saves, or hides it when there are none. */
export async function showParkedSaves(box: HTMLElement): Promise<void> {
  const jobs = await parkedJobs();
  box.hidden = jobs.length === 0;
  box.replaceChildren();
  if (!jobs.length) return;
  box.append(h('p', { class: 'parked-title' }, t('parkedTitle', jobs.length)), h('ul', { class: 'parked-list' }, ...jobs.map((j) => parkedRow(j, box))));
}

function parkedRow(job: OutboxRow, box: HTMLElement): HTMLLIElement {
  const retry = h('button', { type: 'button', 'data-zo-parked-retry': '' }, t('parkedRetry'));
  const discard = h('button', { type: 'button', 'data-zo-parked-discard': '' }, t('parkedDiscard'));
  retry.addEventListener('click', () =>
    void act(box, async () => {
      await unparkJob(job.id, Date.now());
      await chrome.alarms.create(OUTBOX_ALARM, { when: Date.now() + 1_000 });
    }),
  );
  discard.addEventListener('click', () => void act(box, () => discardJob(job)));
  return h(
    'li',
    { class: 'parked-row', 'data-zo-parked': job.parked?.reason ?? 'failing' },
    h('span', { class: 'parked-name' }, job.item?.title || job.key),
    h('span', { class: 'muted parked-reason' }, t(REASON[job.parked?.reason ?? 'failing'])),
    retry,
    discard,
  );
}

async function act(box: HTMLElement, change: () => Promise<void>): Promise<void> {
  for (const b of Array.from(box.querySelectorAll('button'))) b.disabled = true;
  await change();
  await showParkedSaves(box);
}
