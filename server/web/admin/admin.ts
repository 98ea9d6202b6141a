/** Entry of the /admin page (built by webpack into dist/public/admin/admin.js). */
import { AdminApp } from './admin-app';
import { ApiClient } from './api-client';
import { languageFor } from './i18n';

const root = document.getElementById('app');
if (root) {
  const app = new AdminApp(root, new ApiClient(sessionStorage), localStorage);
  void app.start(languageFor(navigator.language));
}
