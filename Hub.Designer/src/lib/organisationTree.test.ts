import { describe, expect, it } from 'vitest';
import type { Organisation, OrganisationKind } from '../api/contracts';
import { buildOrganisationTree, pathTo, type OrganisationNode } from './organisationTree';

function org(id: string, parentId: string | null, kind: OrganisationKind, name: string): Organisation {
  return { id, parentId, kind, name, creditCode: null, legalRepresentative: null };
}

// Renders a forest as "name(child,child)" so a whole shape is one assertion.
function shape(nodes: readonly OrganisationNode[]): string {
  return nodes
    .map((node) => node.organisation.name + (node.children.length > 0 ? `(${shape(node.children)})` : ''))
    .join(',');
}

describe('buildOrganisationTree', () => {
  it('buildOrganisationTree_GroupWithSubsidiariesAndDepartments_NestsUnderParents', () => {
    const roots = buildOrganisationTree([
      org('d1', 's1', 'Department', 'FinanceDept'),
      org('s1', 'g', 'Subsidiary', 'SubA'),
      org('g', null, 'Group', 'Group'),
      org('s2', 'g', 'Subsidiary', 'SubB'),
    ]);
    expect(shape(roots)).toBe('Group(SubA(FinanceDept),SubB)');
  });

  it('buildOrganisationTree_ParentNotVisible_TreatsNodeAsRoot', () => {
    // A subsidiary user sees their subtree; its parent (the group) is absent.
    const roots = buildOrganisationTree([
      org('s1', 'hidden-group', 'Subsidiary', 'SubA'),
      org('d1', 's1', 'Department', 'Legal'),
      org('s2', 'hidden-group', 'Subsidiary', 'SubB'),
    ]);
    expect(shape(roots)).toBe('SubA(Legal),SubB');
  });

  it('buildOrganisationTree_MixedKinds_OrdersGroupThenSubsidiaryThenDepartmentThenName', () => {
    const roots = buildOrganisationTree([
      org('g', null, 'Group', 'G'),
      org('x', 'g', 'Department', 'Alpha office'),
      org('y', 'g', 'Subsidiary', 'Zeta Ltd'),
      org('z', 'g', 'Subsidiary', 'Beta Ltd'),
      org('w', 'g', 'Department', 'Audit'),
    ]);
    expect(shape(roots)).toBe('G(Beta Ltd,Zeta Ltd,Alpha office,Audit)');
  });

  it('buildOrganisationTree_ChineseNames_OrdersByPinyinCollation', () => {
    // Code-point order would put 上 (U+4E0A) before 北 (U+5317); zh-CN collation sorts by pinyin.
    const roots = buildOrganisationTree([
      org('1', null, 'Subsidiary', '深圳分公司'),
      org('2', null, 'Subsidiary', '上海分公司'),
      org('3', null, 'Subsidiary', '北京分公司'),
    ]);
    expect(shape(roots)).toBe('北京分公司,上海分公司,深圳分公司');
  });

  it('buildOrganisationTree_SameKindAndName_OrdersByIdRegardlessOfInputOrder', () => {
    const input = [org('b', null, 'Subsidiary', 'Same'), org('a', null, 'Subsidiary', 'Same')];
    const forwards = buildOrganisationTree(input).map((n) => n.organisation.id);
    const backwards = buildOrganisationTree([...input].reverse()).map((n) => n.organisation.id);
    expect(forwards).toEqual(['a', 'b']);
    expect(backwards).toEqual(['a', 'b']);
  });

  it('buildOrganisationTree_TwoNodeCycle_BreaksAtFirstInOrderAndKeepsBoth', () => {
    const roots = buildOrganisationTree([org('a', 'b', 'Subsidiary', 'B-name'), org('b', 'a', 'Subsidiary', 'A-name')]);
    expect(shape(roots)).toBe('A-name(B-name)');
  });

  it('buildOrganisationTree_CycleWithHangingSubtreeBesideValidTree_KeepsEveryNodeOnce', () => {
    const roots = buildOrganisationTree([
      org('g', null, 'Group', 'G'),
      org('s', 'g', 'Subsidiary', 'S'),
      org('c1', 'c3', 'Department', 'C1'),
      org('c2', 'c1', 'Department', 'C2'),
      org('c3', 'c2', 'Department', 'C3'),
      org('leaf', 'c2', 'Department', 'Leaf'),
    ]);
    expect(shape(roots)).toBe('G(S),C1(C2(C3,Leaf))');
  });

  it('buildOrganisationTree_SelfParent_IsRoot', () => {
    expect(shape(buildOrganisationTree([org('a', 'a', 'Group', 'A')]))).toBe('A');
  });

  it('buildOrganisationTree_DuplicateId_KeepsFirstRow', () => {
    const roots = buildOrganisationTree([org('a', null, 'Group', 'First'), org('a', null, 'Group', 'Second')]);
    expect(shape(roots)).toBe('First');
  });

  it('buildOrganisationTree_LongChain_BuildsWithoutRecursionLimits', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => org(`n${i}`, i === 0 ? null : `n${i - 1}`, 'Department', `N${i}`));
    const roots = buildOrganisationTree(chain.reverse());
    expect(roots).toHaveLength(1);
    expect(pathTo(roots, 'n4999')).toHaveLength(5000);
  });

  it('buildOrganisationTree_EmptyList_ReturnsNoRoots', () => {
    expect(buildOrganisationTree([])).toEqual([]);
  });
});

describe('pathTo', () => {
  const roots = buildOrganisationTree([
    org('g', null, 'Group', 'G'),
    org('s', 'g', 'Subsidiary', 'S'),
    org('d', 's', 'Department', 'D'),
  ]);

  it('pathTo_NestedNode_ReturnsIdsFromRoot', () => {
    expect(pathTo(roots, 'd')).toEqual(['g', 's', 'd']);
  });

  it('pathTo_UnknownId_ReturnsEmpty', () => {
    expect(pathTo(roots, 'nowhere')).toEqual([]);
  });
});
