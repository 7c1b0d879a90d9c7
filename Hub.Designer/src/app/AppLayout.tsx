import { Layout, Menu, Typography } from 'antd';
import { useTranslation } from '../i18n/useTranslation';
import { OrganisationsPage } from '../features/organisations/OrganisationsPage';
import type { Route } from '../lib/routes';
import { HeaderBar } from './HeaderBar';
import { menuEntries } from './navigation';
import { navigate, useRoute } from './router';

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'organisations':
      return <OrganisationsPage selectedId={route.organisationId} />;
  }
}

/** The signed-in frame: side menu, header, and the page the address names. */
export function AppLayout() {
  const t = useTranslation();
  const route = useRoute();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider theme="light" width={208} style={{ borderRight: '1px solid #f0f0f0' }}>
        <Typography.Title level={5} style={{ padding: '20px 24px 12px', margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[route.name]}
          items={menuEntries.map((entry) => ({ key: entry.key, icon: entry.icon, label: t(entry.label) }))}
          onClick={({ key }) => {
            const entry = menuEntries.find((candidate) => candidate.key === key);
            if (entry) navigate(entry.route);
          }}
        />
      </Layout.Sider>
      <Layout>
        <HeaderBar />
        <Layout.Content style={{ padding: 24 }}>
          <Page route={route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
