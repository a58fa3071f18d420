/** The results tabs that discovery and export add to the page (not in embed mode). */
import { lazy, Suspense, type ComponentType } from 'react';
import type { TabDef } from '../components/Tabs';

// Each panel's code loads when its tab is first opened (a lazy tab mounts then).
const LeastPrivilegePanel = lazy(() =>
  import('./LeastPrivilegePanel').then((m) => ({ default: m.LeastPrivilegePanel })),
);
const ComparePanel = lazy(() =>
  import('./ComparePanel').then((m) => ({ default: m.ComparePanel })),
);
const ExportPanel = lazy(() =>
  import('../export/ExportPanel').then((m) => ({ default: m.ExportPanel })),
);

function loading(Panel: ComponentType) {
  return (
    <Suspense fallback={<p className="panel-loading">Loading…</p>}>
      <Panel />
    </Suspense>
  );
}

export function discoveryTabs(): TabDef[] {
  return [
    {
      id: 'least-privilege',
      label: 'Least privilege',
      content: loading(LeastPrivilegePanel),
      lazy: true,
    },
    { id: 'compare', label: 'Compare', content: loading(ComparePanel), lazy: true },
    { id: 'export', label: 'Export', content: loading(ExportPanel), lazy: true },
  ];
}
