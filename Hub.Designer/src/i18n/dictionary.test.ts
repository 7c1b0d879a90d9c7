import { describe, expect, it } from 'vitest';
import { roleNames, organisationKinds } from '../api/contracts';
import { defaultLocale, dictionaries, locales, translate, type MessageKey } from './dictionary';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionary', () => {
  it('dictionaries_EveryLanguage_HasExactlyTheSameKeys', () => {
    const reference = Object.keys(dictionaries[defaultLocale]).sort();
    for (const locale of locales) expect(Object.keys(dictionaries[locale]).sort(), locale).toEqual(reference);
  });

  it('dictionaries_EveryText_IsNonEmptyAndTrimmed', () => {
    for (const locale of locales) {
      for (const [key, text] of Object.entries(dictionaries[locale])) {
        expect(text.trim(), `${locale} ${key}`).toBe(text);
        expect(text.length, `${locale} ${key}`).toBeGreaterThan(0);
      }
    }
  });

  it('dictionaries_EveryKey_UsesTheSamePlaceholdersInEveryLanguage', () => {
    for (const key of Object.keys(dictionaries.zh) as MessageKey[]) {
      expect(placeholders(dictionaries.en[key]), key).toEqual(placeholders(dictionaries.zh[key]));
    }
  });

  it('dictionaries_EveryRoleAndKindOfTheContract_HasALabel', () => {
    const keys = Object.keys(dictionaries.zh);
    for (const role of roleNames) expect(keys).toContain(`role.${role}`);
    for (const kind of organisationKinds) expect(keys).toContain(`kind.${kind}`);
  });

  it('defaultLocale_IsChinese', () => {
    expect(defaultLocale).toBe('zh');
    expect(translate(defaultLocale, 'signIn.submit')).toBe('登录');
  });
});

describe('translate', () => {
  it('translate_WithParams_FillsPlaceholders', () => {
    expect(translate('en', 'organisations.usersOf', { name: 'Acme' })).toBe('Users of Acme');
    expect(translate('zh', 'error.http', { status: 503 })).toBe('请求失败（HTTP 503）');
  });

  it('translate_MissingParam_LeavesPlaceholderVisible', () => {
    expect(translate('en', 'organisations.usersOf', {})).toBe('Users of {name}');
  });
});
