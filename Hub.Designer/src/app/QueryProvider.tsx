import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../lib/problem';
import { useTranslation } from '../i18n/useTranslation';
import { selectEnded, useSessionStore } from '../session/sessionStore';
import { createQueryClient } from './queryClient';

/** Supplies the query client; failures nobody handles become an antd message. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const { message } = AntApp.useApp();
  const t = useTranslation();
  const ended = useSessionStore(selectEnded);

  // The client lives as long as the page; the ref lets its callbacks use the
  // current language without rebuilding (and emptying) the cache.
  const report = useRef<(error: unknown) => void>(() => undefined);
  useEffect(() => {
    report.current = (error) =>
      void message.error(
        describeError(error, {
          network: t('error.network'),
          http: (status) => t('error.http', { status }),
          unexpected: t('error.unexpected'),
        }),
      );
  }, [message, t]);

  const [client] = useState(() => createQueryClient(() => ended(), (error) => report.current(error)));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
