import { render } from 'preact';
import { App } from './components/app/index.js';
import './global.css';

render(<App />, document.getElementById('app')!);
