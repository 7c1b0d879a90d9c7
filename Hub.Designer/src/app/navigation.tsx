import { ApartmentOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/dictionary';
import type { Route } from '../lib/routes';

/** One entry of the side menu. */
export interface MenuEntry {
  key: Route['name'];
  label: MessageKey;
  icon: ReactNode;
  route: Route;
}

/** The side menu, top to bottom; one entry per page that exists. */
export const menuEntries: readonly MenuEntry[] = [
  { key: 'organisations', label: 'menu.organisations', icon: <ApartmentOutlined aria-hidden />, route: { name: 'organisations' } },
];
