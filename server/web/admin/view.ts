/** What every tab gets from the shell, and what the shell needs from a tab. */
import type { UserView } from '../../../contract/platform';
import type { ApiClient } from './api-client';
import type { Notice } from './notice';

export interface ViewContext {
  api: ApiClient;
  me: UserView;
  notice: Notice;
  can(permission: string): boolean;
}

export interface View {
  readonly el: HTMLElement;
  /** Loads (again) what the tab shows; errors go to the notice. */
  refresh(): Promise<void>;
}
