import { Table, Tag, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import type { OrganisationUser, Uuid } from '../../api/contracts';
import { useTranslation } from '../../i18n/useTranslation';
import { useOrganisationUsers } from './queries';

/** The users of one organisation with their scoped roles. */
export function OrganisationUsersTable({ organisationId }: { organisationId: Uuid }) {
  const t = useTranslation();
  const users = useOrganisationUsers(organisationId);

  const columns = useMemo<TableColumnsType<OrganisationUser>>(
    () => [
      { key: 'userName', dataIndex: 'userName', title: t('users.userName') },
      { key: 'displayName', dataIndex: 'displayName', title: t('users.displayName') },
      {
        key: 'roles',
        title: t('users.roles'),
        render: (_, user) =>
          user.roles.map((assignment) => (
            <Tag key={`${assignment.role}:${assignment.organisationId}`}>
              {t('users.roleInScope', { role: t(`role.${assignment.role}`), organisation: assignment.organisationName })}
            </Tag>
          )),
      },
      {
        key: 'lockedOut',
        title: t('users.lockedOut'),
        render: (_, user) =>
          user.lockedOut ? <Tag color="error">{t('users.locked')}</Tag> : <Tag color="success">{t('users.active')}</Tag>,
      },
    ],
    [t],
  );

  return (
    <Table<OrganisationUser>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={users.data ?? []}
      loading={users.isPending}
      pagination={{ hideOnSinglePage: true, pageSize: 20 }}
    />
  );
}
