import { Space, Tag, Tree, type TreeDataNode } from 'antd';
import { useMemo } from 'react';
import type { OrganisationKind, Uuid } from '../../api/contracts';
import type { Translate } from '../../i18n/useTranslation';
import { useTranslation } from '../../i18n/useTranslation';
import { pathTo, type OrganisationNode } from '../../lib/organisationTree';

const kindColours: Record<OrganisationKind, string> = { Group: 'red', Subsidiary: 'blue', Department: 'default' };

function toTreeData(nodes: readonly OrganisationNode[], t: Translate): TreeDataNode[] {
  return nodes.map(({ organisation, children }) => ({
    key: organisation.id,
    title: (
      <Space size={6}>
        <span>{organisation.name}</span>
        <Tag color={kindColours[organisation.kind]} variant="outlined">
          {t(`kind.${organisation.kind}`)}
        </Tag>
      </Space>
    ),
    children: toTreeData(children, t),
  }));
}

interface OrganisationTreeProps {
  roots: readonly OrganisationNode[];
  selectedId: Uuid | undefined;
  onSelect: (id: Uuid) => void;
}

/** The visible organisations as a tree, roots and the selection's ancestors expanded. */
export function OrganisationTree({ roots, selectedId, onSelect }: OrganisationTreeProps) {
  const t = useTranslation();
  const treeData = useMemo(() => toTreeData(roots, t), [roots, t]);
  const expanded = useMemo(() => {
    const ancestors = selectedId ? pathTo(roots, selectedId).slice(0, -1) : [];
    return [...new Set([...roots.map((root) => root.organisation.id), ...ancestors])];
  }, [roots, selectedId]);

  return (
    <Tree
      blockNode
      showLine
      treeData={treeData}
      defaultExpandedKeys={expanded}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(keys) => {
        const [key] = keys;
        if (key !== undefined) onSelect(String(key));
      }}
    />
  );
}
