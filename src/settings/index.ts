/** The one settings module: definitions (registry), pure validation, and storage. */
export { GROUPS, SETTINGS, type GroupDef, type ImageQuality, type SettingDef, type SettingKey, type Settings } from './registry';
export { loadSettings, onSettingsChanged, saveSetting } from './store';
