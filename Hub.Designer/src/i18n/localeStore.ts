import { create } from 'zustand';
import { defaultLocale, locales, type Locale } from './dictionary';

const storageKey = 'hub.locale';

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

function storedLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(storageKey);
  return locales.find((locale) => locale === stored) ?? defaultLocale;
}

/** The chosen UI language, remembered in this browser. */
export const useLocaleStore = create<LocaleState>()((set) => ({
  locale: storedLocale(),
  setLocale: (locale) => {
    globalThis.localStorage?.setItem(storageKey, locale);
    set({ locale });
  },
}));

export const selectLocale = (state: LocaleState) => state.locale;
export const selectSetLocale = (state: LocaleState) => state.setLocale;
