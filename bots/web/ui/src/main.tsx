import { render } from 'preact';
import { ChatApp } from './components/chat-app.js';
import { loadBranding } from './lib/branding.js';
import { lang, t } from './lib/i18n.js';
import { routeFromLocation } from './lib/storage.js';
import './style.css';
import './chat-extras.css';

document.documentElement.lang = lang;
document.title = t('title');
loadBranding();
render(
  <ChatApp route={routeFromLocation(location.pathname, location.search)} />,
  document.getElementById('app')!,
);
