import { Segmented } from 'antd';
import { localeNames, locales, type Locale } from '../i18n/dictionary';
import { selectLocale, selectSetLocale, useLocaleStore } from '../i18n/localeStore';
import { useTranslation } from '../i18n/useTranslation';

const options = locales.map((locale) => ({ value: locale, label: localeNames[locale] }));

/** 中文 / English. */
export function LanguageSwitch() {
  const t = useTranslation();
  const locale = useLocaleStore(selectLocale);
  const setLocale = useLocaleStore(selectSetLocale);
  return (
    <Segmented<Locale> size="small" aria-label={t('header.language')} options={options} value={locale} onChange={setLocale} />
  );
}
