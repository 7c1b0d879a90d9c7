import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { hubApi } from '../../api/hub';
import { useTranslation } from '../../i18n/useTranslation';
import { selectEstablished, useSessionStore } from '../../session/sessionStore';
import { meQueryKey } from './queryKeys';

/**
 * Asks the Hub whether the session cookie is still good. A 401 ends the
 * session through the query client (the sign-in page follows); any other
 * failure offers a retry, since the page cannot tell who is signed in.
 */
export function SessionProbe() {
  const t = useTranslation();
  const established = useSessionStore(selectEstablished);
  const me = useQuery({ queryKey: meQueryKey, queryFn: ({ signal }) => hubApi.auth.me(signal), retry: false });

  useEffect(() => {
    if (me.data) established(me.data);
  }, [me.data, established]);

  if (me.isError) {
    return (
      <Result
        status="warning"
        title={t('boot.failed')}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}
