/** The task pane inside Excel: starts once Office is ready. */
import './strict-csp';
import { currentHost } from './host';
import { startTaskPane } from './task-pane';

Office.onReady(() => {
  const root = document.getElementById('app');
  if (root) void startTaskPane(root, currentHost());
});
