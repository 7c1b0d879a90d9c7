import { Card, Col, Empty, Row, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import type { Uuid } from '../../api/contracts';
import { navigate } from '../../app/router';
import { useTranslation } from '../../i18n/useTranslation';
import { buildOrganisationTree } from '../../lib/organisationTree';
import { OrganisationTree } from './OrganisationTree';
import { OrganisationUsersTable } from './OrganisationUsersTable';
import { useOrganisations } from './queries';

/** 组织架构: the caller's organisation tree and the selected organisation's users. */
export function OrganisationsPage({ selectedId }: { selectedId: Uuid | undefined }) {
  const t = useTranslation();
  const organisations = useOrganisations();
  const roots = useMemo(() => buildOrganisationTree(organisations.data ?? []), [organisations.data]);
  const selected = organisations.data?.find((organisation) => organisation.id === selectedId);

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('organisations.title')}
      </Typography.Title>
      <Row gutter={16} align="top">
        <Col xs={24} md={9} xl={7}>
          <Card size="small">
            {organisations.isPending ? (
              <Spin />
            ) : roots.length === 0 ? (
              <Empty description={t('organisations.empty')} />
            ) : (
              <OrganisationTree
                roots={roots}
                selectedId={selected?.id}
                onSelect={(id) => navigate({ name: 'organisations', organisationId: id })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={15} xl={17}>
          {selected ? (
            <Card
              size="small"
              title={t('organisations.usersOf', { name: selected.name })}
              extra={
                selected.creditCode && (
                  <Typography.Text type="secondary">{t('organisations.creditCode', { code: selected.creditCode })}</Typography.Text>
                )
              }
            >
              <OrganisationUsersTable organisationId={selected.id} />
            </Card>
          ) : (
            <Card size="small">
              <Empty description={t('organisations.selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
