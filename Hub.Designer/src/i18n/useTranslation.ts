import { useCallback } from 'react';
import { translate, type MessageKey } from './dictionary';
import { selectLocale, useLocaleStore } from './localeStore';

/** `t(key, params)` in the current UI language. */
export function useTranslation() {
  const locale = useLocaleStore(selectLocale);
  return useCallback(
    (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
    [locale],
  );
}

export type Translate = ReturnType<typeof useTranslation>;
