/**
 * Every user setting, in one place: its valibot schema, its default, and how the settings page
 * shows it. A later feature (batch save, the watch, sync, comments) adds its group here — one
 * entry in GROUPS — and gets validation, defaults, storage and the page's controls for free.
 * The settings page shows only the groups listed, so a feature that does not exist yet has none.
 */
import * as v from 'valibot';
import type { MessageKey } from '../shared/message-keys';

/** One choice among fixed values, shown as radio buttons. A stored value outside them (a test's) shows none chosen. */
export interface ChoiceControl {
  kind: 'choice';
  options: readonly { value: string | number | boolean; label: MessageKey }[];
}

export interface SettingDef<T> {
  schema: v.GenericSchema<unknown, T>;
  default: T;
  label: MessageKey;
  /** One line under the control: what it costs or changes. */
  hint?: MessageKey;
  control: ChoiceControl;
}

export type ImageQuality = 'display' | 'original';

/** 保存. */
const saveGroup = {
  imageQuality: {
    schema: v.picklist(['display', 'original']),
    default: 'display',
    label: 'settingImageQuality',
    hint: 'settingImageQualityHint',
    control: {
      kind: 'choice',
      options: [
        { value: 'display', label: 'imageQualityDisplay' },
        { value: 'original', label: 'imageQualityOriginal' },
      ],
    },
  } satisfies SettingDef<ImageQuality> as SettingDef<ImageQuality>,
};

/**
 * 批量保存. Polite by default: about one request a second per batch (plus up to half of it again
 * as jitter), as a reader scrolling would make; slower is offered, faster is not.
 */
const batchGroup = {
  batchDelayMs: {
    schema: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000)),
    default: 1_000,
    label: 'settingBatchDelay',
    hint: 'settingBatchDelayHint',
    control: {
      kind: 'choice',
      options: [
        { value: 1_000, label: 'batchDelay1s' },
        { value: 3_000, label: 'batchDelay3s' },
        { value: 10_000, label: 'batchDelay10s' },
      ],
    },
  } satisfies SettingDef<number> as SettingDef<number>,
  batchTags: {
    schema: v.boolean(),
    default: true,
    label: 'settingBatchTags',
    hint: 'settingBatchTagsHint',
    control: {
      kind: 'choice',
      options: [
        { value: true, label: 'batchTagsOn' },
        { value: false, label: 'batchTagsOff' },
      ],
    },
  } satisfies SettingDef<boolean> as SettingDef<boolean>,
};

/**
 * 评论 (issue #17). Off by default: comments cost one request per 20 of them, paced like a batch. The cap
 * keeps one item with 50,000 comments from taking hours and megabytes; the post says how many exist
 * and how many were kept, so nothing is cut silently.
 */
const commentsGroup = {
  saveComments: {
    schema: v.boolean(),
    default: false,
    label: 'settingSaveComments',
    hint: 'settingSaveCommentsHint',
    control: {
      kind: 'choice',
      options: [
        { value: false, label: 'saveCommentsOff' },
        { value: true, label: 'saveCommentsOn' },
      ],
    },
  } satisfies SettingDef<boolean> as SettingDef<boolean>,
  commentCap: {
    schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
    default: 500,
    label: 'settingCommentCap',
    hint: 'settingCommentCapHint',
    control: {
      kind: 'choice',
      options: [
        { value: 100, label: 'commentCap100' },
        { value: 500, label: 'commentCap500' },
        { value: 2_000, label: 'commentCap2000' },
      ],
    },
  } satisfies SettingDef<number> as SettingDef<number>,
};

/**
 * 知乎上的变化 (issue #17). Off by default: a check asks Zhihu once per saved item, at batch save's pace
 * (about 3½ hours for 10,000 items at the default 1 s + jitter). Weekly by default; an edited item is saved again with
 * the earlier version kept, unless the user keeps only theirs.
 */
const watchGroup = {
  watchEnabled: {
    schema: v.boolean(),
    default: false,
    label: 'settingWatch',
    hint: 'settingWatchHint',
    control: {
      kind: 'choice',
      options: [
        { value: false, label: 'watchOff' },
        { value: true, label: 'watchOn' },
      ],
    },
  } satisfies SettingDef<boolean> as SettingDef<boolean>,
  watchIntervalDays: {
    schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
    default: 7,
    label: 'settingWatchInterval',
    hint: 'settingWatchIntervalHint',
    control: {
      kind: 'choice',
      options: [
        { value: 1, label: 'watchDaily' },
        { value: 7, label: 'watchWeekly' },
        { value: 30, label: 'watchMonthly' },
      ],
    },
  } satisfies SettingDef<number> as SettingDef<number>,
  watchKeepMine: {
    schema: v.boolean(),
    default: false,
    label: 'settingWatchEdited',
    hint: 'settingWatchEditedHint',
    control: {
      kind: 'choice',
      options: [
        { value: false, label: 'watchResave' },
        { value: true, label: 'watchKeepMine' },
      ],
    },
  } satisfies SettingDef<boolean> as SettingDef<boolean>,
};

/** Every setting by key; a new group's settings are spread in here too. */
export const SETTINGS = { ...saveGroup, ...batchGroup, ...commentsGroup, ...watchGroup };

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: (typeof SETTINGS)[K] extends SettingDef<infer T> ? T : never };

export interface GroupDef {
  id: string;
  title: MessageKey;
  keys: readonly SettingKey[];
}

/** The page's groups, in order. 知乎上的变化 and 同步 come with their features. */
export const GROUPS: readonly GroupDef[] = [
  { id: 'save', title: 'settingsGroupSave', keys: Object.keys(saveGroup) as SettingKey[] },
  { id: 'batch', title: 'settingsGroupBatch', keys: Object.keys(batchGroup) as SettingKey[] },
  { id: 'comments', title: 'settingsGroupComments', keys: Object.keys(commentsGroup) as SettingKey[] },
  { id: 'watch', title: 'settingsGroupWatch', keys: Object.keys(watchGroup) as SettingKey[] },
];
