import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Space, Typography } from 'antd';
import { hubApi } from '../api/hub';
import { useTranslation } from '../i18n/useTranslation';
import { selectMe, selectSignedOut, useSessionStore } from '../session/sessionStore';
import { LanguageSwitch } from './LanguageSwitch';

/** Who is signed in, for which organisation; language; sign out. */
export function HeaderBar() {
  const t = useTranslation();
  const me = useSessionStore(selectMe);
  const signedOut = useSessionStore(selectSignedOut);
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: hubApi.auth.signOut,
    onSuccess: () => {
      queryClient.clear();
      signedOut();
    },
  });

  return (
    <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', padding: '0 24px' }}>
      <Space style={{ float: 'right' }} size="large">
        {me && (
          <Space>
            <UserOutlined aria-hidden />
            <Typography.Text strong>{me.displayName}</Typography.Text>
            <Typography.Text type="secondary">{me.organisationName}</Typography.Text>
          </Space>
        )}
        <LanguageSwitch />
        <Button icon={<LogoutOutlined aria-hidden />} disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          {t('header.signOut')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
