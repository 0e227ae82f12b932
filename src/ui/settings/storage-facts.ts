/**
 * The 存储 group: space used (navigator.storage.estimate), whether the browser keeps the data
 * under pressure (persisted / persist), and where the library lives. Facts, not settings.
 */
import { t } from '../../shared/i18n';
import { DB_NAME } from '../../storage/db';
import { mustGet } from '../shared/dom';

export function formatBytes(bytes: number, lang: string): string {
  const units = [['gigabyte', 1e9], ['megabyte', 1e6], ['kilobyte', 1e3]] as const;
  const [unit, size] = units.find(([, s]) => bytes >= s) ?? ['byte', 1];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(bytes / size);
}

async function showUsed(): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  mustGet('storage-used').textContent = typeof estimate?.usage === 'number' ? t('storageUsedValue', formatBytes(estimate.usage, chrome.i18n.getUILanguage())) : t('storageUnknown');
}

async function showPersisted(): Promise<void> {
  const persisted = await navigator.storage?.persisted?.().catch(() => null);
  mustGet('storage-persisted').textContent = persisted === null || persisted === undefined ? t('storageUnknown') : persisted ? t('storagePersisted') : t('storageNotPersisted');
  // Only worth offering while not granted, and only where the browser has the API.
  mustGet('storage-persist').hidden = persisted !== false || typeof navigator.storage?.persist !== 'function';
}

export async function showStorageFacts(): Promise<void> {
  mustGet('storage-where').textContent = t('storageWhereText', DB_NAME);
  mustGet('storage-persist').addEventListener('click', () => {
    void navigator.storage.persist().catch(() => false).then(showPersisted);
  });
  await Promise.all([showUsed(), showPersisted()]);
}
