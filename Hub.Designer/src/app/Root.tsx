import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { translate, type Locale } from '../i18n/dictionary';
import { selectLocale, useLocaleStore } from '../i18n/localeStore';
import { QueryProvider } from './QueryProvider';
import { Shell } from './Shell';

const antdLocales = { zh: zhCN, en: enUS } satisfies Record<Locale, unknown>;
const htmlLang: Record<Locale, string> = { zh: 'zh-CN', en: 'en' };

/** Theme, language and data providers around the designer. */
export function Root() {
  const locale = useLocaleStore(selectLocale);

  useEffect(() => {
    document.documentElement.lang = htmlLang[locale];
    document.title = translate(locale, 'app.title');
  }, [locale]);

  return (
    // autoInsertSpace off: antd would render 登录 as "登 录", which is neither
    // the label we wrote nor the accessible name tests and screen readers see.
    <ConfigProvider
      locale={antdLocales[locale]}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#c8102e', borderRadius: 6 } }}
    >
      <AntApp>
        <QueryProvider>
          <Shell />
        </QueryProvider>
      </AntApp>
    </ConfigProvider>
  );
}
