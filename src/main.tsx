import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { registerOfflineSupport } from './offline/register';
import { initWorkspace } from './ui/store/boot';
import { keepNextRunStaged } from './ui/store/stage-next';
import { readPageMode } from './ui/store/state';
import './ui/styles.css';

registerOfflineSupport();
// Before React's first render (a long task): the workspace (link, sample, autosave) opens, so
// an autorun's bindings and modules load while the page renders. The run host and its worker
// were started earlier still, by src/boot/early.ts.
void initWorkspace(readPageMode(window.location.search));
// A warm Run only starts the guest: the next run is instantiated ahead of the click.
keepNextRunStaged();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
