/** One setting of the registry as a form control: a group of radio buttons, with its hint and status line. */
import { t } from '../../shared/i18n';
import type { SettingDef, SettingKey } from '../../settings/registry';
import { h } from '../shared/dom';

export interface SettingControl {
  element: HTMLFieldSetElement;
  /** Shows `value` as chosen (after a load, or a change made in another tab). */
  show(value: unknown): void;
  status(text: string, error?: boolean): void;
}

export function settingControl(key: SettingKey, def: SettingDef<unknown>, onChoose: (value: unknown) => void): SettingControl {
  const inputs = def.control.options.map((o) => {
    const input = h('input', { type: 'radio', name: key, value: String(o.value) });
    input.addEventListener('change', () => {
      if (input.checked) onChoose(o.value);
    });
    return { input, label: h('label', {}, input, h('span', {}, t(o.label))) };
  });
  const statusLine = h('p', { class: 'setting-status', role: 'status', 'aria-live': 'polite' });
  const element = h(
    'fieldset',
    { class: 'setting', 'data-setting': key },
    h('legend', {}, t(def.label)),
    ...inputs.map((i) => i.label),
    def.hint ? h('p', { class: 'setting-hint muted' }, t(def.hint)) : null,
    statusLine,
  );
  return {
    element,
    show(value) {
      for (const { input } of inputs) input.checked = input.value === String(value);
    },
    status(text, error = false) {
      statusLine.textContent = text;
      statusLine.classList.toggle('is-error', error);
    },
  };
}
