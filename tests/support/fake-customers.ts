import type { Answer, FakeServer, SeenRequest } from './addin-workflow';

/**
 * The customer endpoints the sheets and the task pane call (customers with
 * versions, credit, behaviour, service tickets), faithful to API.md "Sales
 * and customers", built in parallel on the server.
 */
export class FakeCustomers {
  constructor(private readonly server: FakeServer) {}

  answer(r: SeenRequest, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    void this.server, r, query, list;
    return null;
  }
}
