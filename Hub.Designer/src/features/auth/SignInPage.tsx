import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { ApiError } from '../../api/ApiError';
import type { SignInRequest } from '../../api/contracts';
import { hubApi } from '../../api/hub';
import { handlesOwnErrors } from '../../app/queryClient';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useTranslation } from '../../i18n/useTranslation';
import { describeError, fieldErrors } from '../../lib/problem';
import { selectEstablished, selectExpired, useSessionStore } from '../../session/sessionStore';

/** User name and password against `POST /api/auth/sign-in`. */
export function SignInPage() {
  const t = useTranslation();
  const [form] = Form.useForm<SignInRequest>();
  const queryClient = useQueryClient();
  const established = useSessionStore(selectEstablished);
  const expired = useSessionStore(selectExpired);

  const signIn = useMutation({
    mutationFn: hubApi.auth.signIn,
    meta: handlesOwnErrors,
    onSuccess: (me) => {
      // Nothing cached for a previous user may show to this one.
      queryClient.clear();
      established(me);
    },
    onError: (error) => {
      const byField = fieldErrors(error instanceof ApiError ? error.problem : null);
      form.setFields(
        (['userName', 'password'] as const)
          .filter((name) => byField[name])
          .map((name) => ({ name, errors: byField[name] ?? [] })),
      );
    },
  });

  const failure = signIn.error
    ? describeError(signIn.error, {
        network: t('error.network'),
        http: (status) => t('error.http', { status }),
        unexpected: t('error.unexpected'),
      })
    : null;

  return (
    <Flex vertical align="center" justify="center" gap={24} style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('app.title')}
      </Typography.Title>
      <Card title={t('signIn.title')} extra={<LanguageSwitch />} style={{ width: 380 }}>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => signIn.mutate(values)}>
          {failure ? (
            <Alert type="error" showIcon title={t('signIn.failed')} description={failure} style={{ marginBottom: 16 }} />
          ) : (
            expired && <Alert type="info" showIcon title={t('signIn.expired')} style={{ marginBottom: 16 }} />
          )}
          <Form.Item name="userName" label={t('signIn.userName')} rules={[{ required: true, message: t('signIn.userNameRequired') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {/* Disabled rather than `loading`: antd keeps its spinner (aria-label
              "loading") in the button until a leave animation ends, and until
              then the button's accessible name is "loading 登录". */}
          <Button type="primary" htmlType="submit" block disabled={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
