import { render } from 'preact';
import { ChatApp } from './components/chat-app.js';
import { lang } from './lib/i18n.js';
import { linkFromPath } from './lib/storage.js';
import './style.css';

document.documentElement.lang = lang;
render(<ChatApp link={linkFromPath(location.pathname)} />, document.getElementById('app')!);
