/**
 * The settings page, which is also the extension's options page. Its groups come from the
 * registry (src/settings/registry.ts); every change is validated and written at once, and a change
 * made in another tab shows here too (storage.onChanged). The worker reads the value at each save.
 */
import { localize, t } from '../../shared/i18n';
import { GROUPS, SETTINGS, loadSettings, onSettingsChanged, saveSetting, type SettingKey, type Settings } from '../../settings';
import { h, mustGet } from '../shared/dom';
import { mountSiteNav } from '../shared/site-nav';
import { applyTheme } from '../shared/theme';
import { settingControl, type SettingControl } from './setting-control';
import { showStorageFacts } from './storage-facts';

function renderGroups(): Map<SettingKey, SettingControl> {
  const controls = new Map<SettingKey, SettingControl>();
  const groups = GROUPS.filter((g) => g.keys.length > 0).map((g) => {
    const heading = h('h2', { id: `group-${g.id}` }, t(g.title));
    const items = g.keys.map((key) => {
      const control = settingControl(key, SETTINGS[key], (value) => {
        saveSetting(key, value as Settings[typeof key]).then(
          () => control.status(t('settingsSavedStatus')),
          (e: unknown) => control.status(t('settingsSaveFailed', e instanceof Error ? e.message : String(e)), true),
        );
      });
      controls.set(key, control);
      return control.element;
    });
    return h('section', { class: 'settings-group', 'data-group': g.id, 'aria-labelledby': heading.id }, heading, ...items);
  });
  mustGet('groups').replaceChildren(...groups);
  return controls;
}

function show(controls: Map<SettingKey, SettingControl>, settings: Settings): void {
  for (const [key, control] of controls) control.show(settings[key]);
}

async function main(): Promise<void> {
  applyTheme();
  localize(document);
  document.title = t('settingsTitle');
  mountSiteNav('settings');
  const controls = renderGroups();
  onSettingsChanged((s) => show(controls, s));
  show(controls, await loadSettings());
  await showStorageFacts();
  document.documentElement.dataset.ready = 'true';
}

void main();
