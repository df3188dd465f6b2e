import { lazy, Route, Router, useLocation } from 'preact-iso';
import { Dashboard } from './dashboard/index.js';
import { Layout } from './layout/index.js';
import { Login } from './login/index.js';
import { NotFound } from './not-found/index.js';
import { ResetPassword } from './reset-password/index.js';
import { Setup } from './setup/index.js';

/** Pages reachable without a session; every other page sends a signed-out visitor to the login. */
export const PUBLIC_PATHS = ['/admin/login', '/admin/setup', '/admin/reset-password'];
export const LOGIN_PATH = '/admin/login';
export const HOME_PATH = '/admin';

/** The main navigation; `owner` sections are hidden from agents (the API refuses them anyway). */
export const NAV: { href: string; label: string; owner?: boolean }[] = [
  { href: '/admin', label: 'nav.home' },
  { href: '/admin/conversations', label: 'nav.conversations' },
  { href: '/admin/contacts', label: 'nav.contacts' },
  { href: '/admin/groups', label: 'nav.groups' },
  { href: '/admin/classes', label: 'nav.classes', owner: true },
  { href: '/admin/bookings', label: 'nav.bookings' },
  { href: '/admin/check-in', label: 'nav.checkIn' },
  { href: '/admin/campaigns', label: 'nav.campaigns', owner: true },
  { href: '/admin/links', label: 'nav.links', owner: true },
  { href: '/admin/assistant', label: 'nav.assistant', owner: true },
  { href: '/admin/web-chat', label: 'nav.webChat', owner: true },
  { href: '/admin/catalog', label: 'nav.catalog', owner: true },
  { href: '/admin/channels', label: 'nav.channels', owner: true },
  { href: '/admin/users', label: 'nav.users', owner: true },
  { href: '/admin/audit-log', label: 'nav.audit', owner: true },
  { href: '/admin/security', label: 'nav.security' },
];

// The dashboard is the first screen after sign-in; every other section is its own chunk.
const Conversations = lazy(() => import('./conversations/index.js').then((m) => m.Conversations));
const Contacts = lazy(() => import('./contacts/index.js').then((m) => m.Contacts));
const ContactPage = lazy(() => import('./contact-page/index.js').then((m) => m.ContactPage));
const Groups = lazy(() => import('./groups/index.js').then((m) => m.Groups));
const Campaigns = lazy(() => import('./campaigns/index.js').then((m) => m.Campaigns));
const Links = lazy(() => import('./links/index.js').then((m) => m.Links));
const Assistant = lazy(() => import('./assistant/index.js').then((m) => m.Assistant));
const Catalog = lazy(() => import('./catalog/index.js').then((m) => m.Catalog));
const Channels = lazy(() => import('./channels/index.js').then((m) => m.Channels));
const Users = lazy(() => import('./users/index.js').then((m) => m.Users));
const AuditLog = lazy(() => import('./audit-log/index.js').then((m) => m.AuditLog));
const WebChatSettings = lazy(() => import('./web-chat-settings/index.js').then((m) => m.WebChatSettings));
const Classes = lazy(() => import('./classes/index.js').then((m) => m.Classes));
const Bookings = lazy(() => import('./bookings/index.js').then((m) => m.Bookings));
const AttendanceSheet = lazy(() => import('./attendance-sheet/index.js').then((m) => m.AttendanceSheet));
const CheckIn = lazy(() => import('./check-in/index.js').then((m) => m.CheckIn));
const Security = lazy(() => import('./security/index.js').then((m) => m.Security));
const CannedReplies = lazy(() => import('./canned-replies/index.js').then((m) => m.CannedReplies));

export function Routes() {
  const { path } = useLocation();
  const router = (
    <Router>
      <Route path="/admin/login" component={Login} />
      <Route path="/admin/setup" component={Setup} />
      <Route path="/admin/reset-password" component={ResetPassword} />
      <Route path="/admin" component={Dashboard} />
      <Route path="/admin/conversations/:id?" component={Conversations} />
      <Route path="/admin/contacts" component={Contacts} />
      <Route path="/admin/contacts/:id" component={ContactPage} />
      <Route path="/admin/groups" component={Groups} />
      <Route path="/admin/campaigns/:id?" component={Campaigns} />
      <Route path="/admin/classes" component={Classes} />
      <Route path="/admin/bookings" component={Bookings} />
      <Route path="/admin/attendance/:id" component={AttendanceSheet} />
      <Route path="/admin/check-in" component={CheckIn} />
      <Route path="/admin/links" component={Links} />
      <Route path="/admin/assistant" component={Assistant} />
      <Route path="/admin/web-chat" component={WebChatSettings} />
      <Route path="/admin/catalog" component={Catalog} />
      <Route path="/admin/channels" component={Channels} />
      <Route path="/admin/users" component={Users} />
      <Route path="/admin/audit-log" component={AuditLog} />
      <Route path="/admin/security" component={Security} />
      <Route path="/admin/canned-replies" component={CannedReplies} />
      <Route default component={NotFound} />
    </Router>
  );
  return PUBLIC_PATHS.includes(path.replace(/\/+$/, '')) ? router : <Layout>{router}</Layout>;
}
