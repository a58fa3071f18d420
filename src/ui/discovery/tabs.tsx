/** The results tabs that discovery and export add to the page (not in embed mode). */
import type { TabDef } from '../components/Tabs';
import { ExportPanel } from '../export/ExportPanel';
import { ComparePanel } from './ComparePanel';
import { LeastPrivilegePanel } from './LeastPrivilegePanel';

export function discoveryTabs(): TabDef[] {
  return [
    { id: 'least-privilege', label: 'Least privilege', content: <LeastPrivilegePanel /> },
    { id: 'compare', label: 'Compare', content: <ComparePanel /> },
    { id: 'export', label: 'Export', content: <ExportPanel /> },
  ];
}
