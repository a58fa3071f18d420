import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { registerOfflineSupport } from './offline/register';
import { warm } from './ui/store/actions';
import { initWorkspace } from './ui/store/boot';
import { readPageMode } from './ui/store/state';
import './ui/styles.css';

registerOfflineSupport();
// Before React's first render (a long task): the run host and a run worker start loading, and
// the workspace (link, sample, autosave) opens, so an autorun's worker, bindings and modules
// load on other threads while the page renders.
warm();
void initWorkspace(readPageMode(window.location.search));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
