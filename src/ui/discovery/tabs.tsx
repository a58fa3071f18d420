/** The results tabs that discovery and export add to the page (not in embed mode). */
import { loadWhenShown } from '../components/LoadWhenShown';
import type { TabDef } from '../components/Tabs';

// Each panel's code loads when its tab is first opened (components/LoadWhenShown.tsx).
const LeastPrivilegePanel = loadWhenShown(() =>
  import('./LeastPrivilegePanel').then((m) => m.LeastPrivilegePanel),
);
const ComparePanel = loadWhenShown(() => import('./ComparePanel').then((m) => m.ComparePanel));
const ExportPanel = loadWhenShown(() => import('../export/ExportPanel').then((m) => m.ExportPanel));

export function discoveryTabs(): TabDef[] {
  return [
    { id: 'least-privilege', label: 'Least privilege', content: <LeastPrivilegePanel /> },
    { id: 'compare', label: 'Compare', content: <ComparePanel /> },
    { id: 'export', label: 'Export', content: <ExportPanel /> },
  ];
}
