// Every UI string, in Chinese (the default) and English. Chinese defines the
// keys; English must supply each of them (the compiler and a test check it).
// `{name}` placeholders are filled by `translate`.

const zh = {
  'app.title': 'Hub 集团用印平台',
  'signIn.title': '登录',
  'signIn.userName': '用户名',
  'signIn.password': '密码',
  'signIn.submit': '登录',
  'signIn.userNameRequired': '请输入用户名',
  'signIn.passwordRequired': '请输入密码',
  'signIn.failed': '登录失败',
  'signIn.expired': '登录已失效，请重新登录',
  'header.signOut': '退出登录',
  'header.language': '界面语言',
  'menu.organisations': '组织架构',
  'organisations.title': '组织架构',
  'organisations.empty': '没有您可查看的组织',
  'organisations.selectHint': '请在左侧选择一个组织以查看其用户',
  'organisations.usersOf': '{name} 的用户',
  'organisations.creditCode': '统一社会信用代码：{code}',
  'kind.Group': '集团',
  'kind.Subsidiary': '子公司',
  'kind.Department': '部门',
  'role.HqAdmin': '集团管理员',
  'role.OrgAdmin': '组织管理员',
  'role.SealCustodian': '印章保管员',
  'role.Legal': '法务',
  'role.Finance': '财务',
  'role.Approver': '审批人',
  'role.Applicant': '申请人',
  'users.userName': '用户名',
  'users.displayName': '姓名',
  'users.roles': '角色',
  'users.lockedOut': '账户状态',
  'users.locked': '已锁定',
  'users.active': '正常',
  'users.roleInScope': '{role}（{organisation}）',
  'boot.failed': '无法加载登录状态',
  'common.retry': '重试',
  'error.network': '无法连接 Hub 服务器，请检查网络后重试',
  'error.http': '请求失败（HTTP {status}）',
  'error.unexpected': '发生未知错误',
} as const satisfies Record<string, string>;

/** A key of the UI dictionary. */
export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Hub Group Sealing Platform',
  'signIn.title': 'Sign in',
  'signIn.userName': 'User name',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.userNameRequired': 'Enter your user name',
  'signIn.passwordRequired': 'Enter your password',
  'signIn.failed': 'Sign-in failed',
  'signIn.expired': 'Your session has ended; sign in again',
  'header.signOut': 'Sign out',
  'header.language': 'Language',
  'menu.organisations': 'Organisations',
  'organisations.title': 'Organisations',
  'organisations.empty': 'No organisations are visible to you',
  'organisations.selectHint': 'Select an organisation on the left to see its users',
  'organisations.usersOf': 'Users of {name}',
  'organisations.creditCode': 'Unified social credit code: {code}',
  'kind.Group': 'Group',
  'kind.Subsidiary': 'Subsidiary',
  'kind.Department': 'Department',
  'role.HqAdmin': 'HQ administrator',
  'role.OrgAdmin': 'Organisation administrator',
  'role.SealCustodian': 'Seal custodian',
  'role.Legal': 'Legal',
  'role.Finance': 'Finance',
  'role.Approver': 'Approver',
  'role.Applicant': 'Applicant',
  'users.userName': 'User name',
  'users.displayName': 'Display name',
  'users.roles': 'Roles',
  'users.lockedOut': 'Account',
  'users.locked': 'Locked out',
  'users.active': 'Active',
  'users.roleInScope': '{role} ({organisation})',
  'boot.failed': 'Could not load your session',
  'common.retry': 'Retry',
  'error.network': 'Cannot reach the Hub server; check the connection and retry',
  'error.http': 'Request failed (HTTP {status})',
  'error.unexpected': 'An unexpected error occurred',
};

export const locales = ['zh', 'en'] as const;

/** A UI language. */
export type Locale = (typeof locales)[number];

export const defaultLocale: Locale = 'zh';

/** The language's own name, as shown in the language switch. */
export const localeNames: Record<Locale, string> = { zh: '中文', en: 'English' };

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { zh, en };

/** The text for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
