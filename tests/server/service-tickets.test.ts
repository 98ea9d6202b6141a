import { createItem, createPartner } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { openTicket, TicketBody } from '../support/sales-customers';
import { createOrder } from '../support/sales-orders';
import { TestApp, TestUser } from '../support/test-app';

describe('After-sales service tickets', () => {
  let t: TestApp;
  let admin: string;
  let adminId: number;
  let customer: { id: number; code: string };
  let other: { id: number; code: string };
  let item: { id: number; sku: string };
  let order: { id: number; number: string };
  let othersOrder: { id: number; number: string };
  let agent: TestUser;
  let viewer: TestUser;
  let year: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    adminId = (await t.get('/auth/me', admin)).body.user.id;
    year = t.services.calendar.today().slice(0, 4);
    const wh = await t.createWarehouse('STK-W');
    customer = await createPartner(t, 'customers', { code: 'STK-C1' });
    other = await createPartner(t, 'customers', { code: 'STK-C2' });
    item = await createItem(t, { sku: 'STK-PUMP' });
    const draft = (customerId: number) => createOrder(t, admin, { customerId, warehouseId: wh.id, lines: [{ itemId: item.id, qty: 1, unitPrice: 100 }] });
    order = await draft(customer.id);
    othersOrder = await draft(other.id);
    agent = await t.createUser([(await t.createRole(['customer:read', 'customer:service'])).name]);
    viewer = await t.createUser(['viewer']);
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const transition = (ticket: { id: number }, status: string, extra: Record<string, unknown> = {}, token = admin) => t.post(`/service-tickets/${ticket.id}/transition`, { status, ...extra }, token);
  const history = async (id: number) => (await t.get(`/service-tickets/${id}`, admin)).body.history as TicketBody['history'];

  describe('opening one', () => {
    test('When a ticket names its customer by code, its order, its item by sku, a priority and an assignee, then 201 with an ST number, open, and its creation as the first history entry', async () => {
      const res = await t.post('/service-tickets', {
        customerCode: customer.code, kind: 'repair', subject: '  Pump leaks  ', description: '漏水, 第二次', salesOrderId: order.id, sku: item.sku, priority: 'high', assigneeId: agent.id,
      }, admin);

      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        id: expect.any(Number), number: expect.stringMatching(new RegExp(`^ST-${year}-\\d{6}$`)),
        customerId: customer.id, customerCode: customer.code, kind: 'repair', subject: 'Pump leaks', description: '漏水, 第二次',
        salesOrderId: order.id, salesOrderNumber: order.number, itemId: item.id, sku: item.sku, priority: 'high', assigneeId: agent.id,
        status: 'open', resolvedAt: null, closedAt: null, createdAt: expect.any(String), updatedAt: expect.any(String), version: 1,
        history: [{ at: res.body.createdAt, userId: adminId, action: 'created', fromStatus: null, toStatus: 'open', changes: null, note: null }],
      });
      expect((await t.get(`/service-tickets/${res.body.id}`, viewer.token)).body).toEqual(res.body);
    });

    test('When only the customer by id, kind and subject are given, then priority is normal and the rest empty', async () => {
      const res = await t.post('/service-tickets', { customerId: customer.id, kind: 'inquiry', subject: 'Manual?' }, agent.token);

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ priority: 'normal', description: null, salesOrderId: null, itemId: null, sku: null, assigneeId: null, status: 'open' });
      expect(res.body.history).toEqual([expect.objectContaining({ action: 'created', userId: agent.id })]);
    });

    test('When the customer has been deactivated, then it still gets a ticket: after-sales work goes on', async () => {
      const former = await createPartner(t, 'customers', { code: 'STK-GONE', active: false });

      const res = await t.post('/service-tickets', { customerCode: former.code, kind: 'complaint', subject: 'Still broken' }, admin);

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ customerId: former.id, status: 'open' });
    });

    test('When fields are missing, malformed or unknown, then 422 naming each and nothing is saved', async () => {
      const before = (await t.get('/service-tickets', admin)).body.total;

      expectProblem(await t.post('/service-tickets', { customerId: customer.id }, admin), 422, ['kind', 'subject']);
      expectProblem(await t.post('/service-tickets', { customerId: customer.id, kind: 'warranty', subject: ' ', priority: 'urgent' }, admin), 422, ['kind', 'subject', 'priority']);
      expectProblem(await t.post('/service-tickets', { kind: 'other', subject: 'x' }, admin), 422, ['customerId']);
      expectProblem(await t.post('/service-tickets', { customerCode: 'NOPE', kind: 'other', subject: 'x' }, admin), 422, ['customerCode']);
      expectProblem(await t.post('/service-tickets', { customerId: customer.id, customerCode: other.code, kind: 'other', subject: 'x' }, admin), 422, ['customerCode']);
      expectProblem(await t.post('/service-tickets', { customerId: customer.id, kind: 'other', subject: 'x', colour: 'red' }, admin), 422, ['colour']);
      expect((await t.get('/service-tickets', admin)).body.total).toBe(before);
    });

    test("When the order is another customer's, the item unknown and the assignee inactive, then one 422 names all three and nothing is saved", async () => {
      const gone = await t.createUser(['viewer']);
      await t.patch(`/users/${gone.id}`, { active: false }, admin);
      const before = (await t.get('/service-tickets', admin)).body.total;

      const res = await t.post('/service-tickets', { customerId: customer.id, kind: 'return', subject: 'x', salesOrderId: othersOrder.id, sku: 'NO-SUCH-SKU', assigneeId: gone.id }, admin);

      expectProblem(res, 422, ['salesOrderId', 'sku', 'assigneeId']);
      expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual([
        `${othersOrder.number} is not an order of ${customer.code}`, 'unknown item NO-SUCH-SKU', `${gone.username} is inactive`,
      ]);
      expectProblem(await t.post('/service-tickets', { customerId: customer.id, kind: 'return', subject: 'x', salesOrderId: 999999, itemId: 999999, assigneeId: 999999 }, admin), 422, ['salesOrderId', 'itemId', 'assigneeId']);
      expectProblem(await t.post('/service-tickets', { customerId: customer.id, kind: 'return', subject: 'x', itemId: item.id, sku: 'OTHER' }, admin), 422, ['sku']);
      expect((await t.get('/service-tickets', admin)).body.total).toBe(before);
    });
  });

  describe('status transitions', () => {
    test('When a ticket goes through every allowed transition, then each answers the new status, stamps resolved and closed times and clears them on reopening', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id });
      const stamps: Array<[string, boolean, boolean]> = [];
      // open → in-progress → open → resolved → open → closed → open → in-progress → resolved → closed
      for (const status of ['in-progress', 'open', 'resolved', 'open', 'closed', 'open', 'in-progress', 'resolved', 'closed']) {
        const res = await transition(ticket, status);
        expect(res.status).toBe(200);
        stamps.push([res.body.status, res.body.resolvedAt !== null, res.body.closedAt !== null]);
      }

      expect(stamps).toEqual([
        ['in-progress', false, false],
        ['open', false, false],
        ['resolved', true, false],
        ['open', false, false],
        ['closed', false, true],
        ['open', false, false],
        ['in-progress', false, false],
        ['resolved', true, false],
        ['closed', true, true],
      ]);
      const last = await t.get(`/service-tickets/${ticket.id}`, admin);
      expect(last.body.version).toBe(10);
      expect(Date.parse(last.body.closedAt)).toBeGreaterThanOrEqual(Date.parse(last.body.resolvedAt));
    });

    test.each([
      ['in-progress', 'closed', ['in-progress']],
      ['closed', 'resolved', ['closed']],
      ['closed', 'in-progress', ['closed']],
      ['resolved', 'in-progress', ['resolved']],
      ['open', 'open', []],
    ])('When a %s ticket is moved to %s, then 409 naming both and nothing changes', async (from, to, setup) => {
      const ticket = await openTicket(t, admin, { customerId: customer.id });
      const steps: Record<string, string[]> = { 'in-progress': ['in-progress'], closed: ['closed'], resolved: ['resolved'] };
      for (const status of setup.flatMap((s) => steps[s]!)) expect((await transition(ticket, status)).status).toBe(200);
      const before = await t.get(`/service-tickets/${ticket.id}`, admin);

      const res = await transition(ticket, to);

      expectProblem(res, 409, ['status']);
      expect(res.body.code).toBe('ticket.transition');
      expect(res.body.detail).toContain(`is ${from}: it cannot move to ${to}`);
      expect(res.body.errors[0].message).toBe(`cannot move from ${from} to ${to}`);
      expect((await t.get(`/service-tickets/${ticket.id}`, admin)).body).toEqual(before.body);
    });

    test('When the status is not one of the four, then 422 naming status', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id });

      expectProblem(await transition(ticket, 'done'), 422, ['status']);
      expectProblem(await t.post('/service-tickets/999999/transition', { status: 'closed' }, admin), 404);
    });
  });

  describe('history and versions', () => {
    test('When a ticket is changed and moved, then its history holds creation, each change with the fields before and after, and each move with its note, who and when', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id, subject: 'Noise', description: 'rattles', priority: 'low' });

      const patched = await t.patch(`/service-tickets/${ticket.id}`, { subject: 'Loud noise', description: 'rattles', priority: 'high', assigneeId: agent.id, sku: item.sku, salesOrderId: order.id }, admin);
      await transition(ticket, 'in-progress', { note: '已联系客户' }, agent.token);
      await t.patch(`/service-tickets/${ticket.id}`, { assigneeId: null, itemId: null }, agent.token);
      await transition(ticket, 'resolved', {}, agent.token);
      const entries = await history(ticket.id);

      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ subject: 'Loud noise', priority: 'high', assigneeId: agent.id, itemId: item.id, sku: item.sku, salesOrderId: order.id, salesOrderNumber: order.number, version: 2 });
      expect(entries.map(({ at: _at, ...e }) => e)).toEqual([
        { userId: adminId, action: 'created', fromStatus: null, toStatus: 'open', changes: null, note: null },
        {
          userId: adminId, action: 'updated', fromStatus: null, toStatus: null, note: null,
          changes: { subject: ['Noise', 'Loud noise'], salesOrderId: [null, order.id], itemId: [null, item.id], priority: ['low', 'high'], assigneeId: [null, agent.id] },
        },
        { userId: agent.id, action: 'transition', fromStatus: 'open', toStatus: 'in-progress', changes: null, note: '已联系客户' },
        { userId: agent.id, action: 'updated', fromStatus: null, toStatus: null, note: null, changes: { itemId: [item.id, null], assigneeId: [agent.id, null] } },
        { userId: agent.id, action: 'transition', fromStatus: 'in-progress', toStatus: 'resolved', changes: null, note: null },
      ]);
      const times = entries.map((e) => Date.parse(e.at as string));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    test('When a PATCH changes nothing, then the version still moves but the history gains no entry', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id, subject: 'Same', priority: 'low' });

      const res = await t.patch(`/service-tickets/${ticket.id}`, { subject: 'Same', priority: 'low' }, admin);

      expect(res.body.version).toBe(2);
      expect(res.body.history).toHaveLength(1);
    });

    test('When a PATCH or a transition is based on a version the ticket has moved on from, then 412 as for items, naming the current version, and nothing changes', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id, subject: 'Original' });
      await t.patch(`/service-tickets/${ticket.id}`, { subject: 'Newer', version: 1 }, admin);
      const current = await t.get(`/service-tickets/${ticket.id}`, admin);

      const byBody = await t.patch(`/service-tickets/${ticket.id}`, { subject: 'From a stale sheet', version: 1 }, admin);
      const byHeader = await t.patch(`/service-tickets/${ticket.id}`, { subject: 'From a stale sheet' }, admin, { 'If-Match': '"1"' });
      const moved = await transition(ticket, 'closed', { version: 1 });
      const fresh = await transition(ticket, 'closed', {}, admin);

      for (const res of [byBody, byHeader, moved]) {
        expectProblem(res, 412);
        expect(res.body).toMatchObject({ code: 'version.stale', title: 'Precondition failed', currentVersion: 2 });
        expect(res.body.detail).toMatch(new RegExp(`^Service ticket ${ticket.number} was changed by someone else since you read it: it is now at version 2`));
      }
      expect(current.headers.etag).toBe('"2"');
      expect(fresh.body).toMatchObject({ status: 'closed', subject: 'Newer', version: 3 });
      expect(fresh.body.history.map((e: { action: string }) => e.action)).toEqual(['created', 'updated', 'transition']);
    });

    test('When a PATCH names a bad reference or field, then 422 naming it and the version does not move', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id });

      expectProblem(await t.patch(`/service-tickets/${ticket.id}`, { salesOrderId: othersOrder.id }, admin), 422, ['salesOrderId']);
      expectProblem(await t.patch(`/service-tickets/${ticket.id}`, { subject: '', kind: 'x' }, admin), 422, ['kind', 'subject']);
      expectProblem(await t.patch(`/service-tickets/${ticket.id}`, { customerId: other.id }, admin), 422, ['customerId']);
      expectProblem(await t.patch('/service-tickets/999999', { subject: 'x' }, admin), 404);
      expect((await t.get(`/service-tickets/${ticket.id}`, admin)).body.version).toBe(1);
    });
  });

  describe('lists, permissions and the audit log', () => {
    test('When listed by status, customer, assignee or q, then only matching tickets come back, newest first, with their history', async () => {
      const a = await openTicket(t, admin, { customerId: other.id, subject: 'Listed alpha', assigneeId: agent.id });
      const b = await openTicket(t, admin, { customerId: other.id, subject: 'Listed beta' });
      await transition(b, 'in-progress');

      const byCustomer = await t.get(`/service-tickets?customerId=${other.id}`, admin);
      const byStatus = await t.get(`/service-tickets?customerId=${other.id}&status=in-progress`, admin);
      const byAssignee = await t.get(`/service-tickets?assigneeId=${agent.id}&q=listed`, admin);
      const byNumber = await t.get(`/service-tickets?q=${a.number.toLowerCase()}`, admin);
      const paged = await t.get(`/service-tickets?customerId=${other.id}&limit=1&offset=1`, admin);

      expect(byCustomer.body.data.map((x: TicketBody) => x.id)).toEqual([b.id, a.id]);
      expect(byCustomer.body.data[0].history.map((e: { action: string }) => e.action)).toEqual(['created', 'transition']);
      expect(byStatus.body.data.map((x: TicketBody) => x.id)).toEqual([b.id]);
      expect(byAssignee.body.data.map((x: TicketBody) => x.id)).toEqual([a.id]);
      expect(byNumber.body).toMatchObject({ data: [expect.objectContaining({ id: a.id })], total: 1 });
      expect(paged.body).toEqual({ data: [expect.objectContaining({ id: a.id })], total: 2 });
      expectProblem(await t.get('/service-tickets?status=pending', admin), 422, ['status']);
    });

    test('When a user without customer:service opens, changes or moves a ticket, then 403 and nothing changes; without customer:read even reading is 403', async () => {
      const ticket = await openTicket(t, admin, { customerId: customer.id });
      const stranger = await t.createUser([(await t.createRole(['item:read'])).name]);

      expectProblem(await t.post('/service-tickets', { customerId: customer.id, kind: 'other', subject: 'x' }, viewer.token), 403);
      expectProblem(await t.patch(`/service-tickets/${ticket.id}`, { subject: 'x' }, viewer.token), 403);
      expectProblem(await transition(ticket, 'closed', {}, viewer.token), 403);
      expectProblem(await t.get('/service-tickets', stranger.token), 403);
      expectProblem(await t.get(`/service-tickets/${ticket.id}`, stranger.token), 403);
      expect((await t.get(`/service-tickets/${ticket.id}`, admin)).body).toMatchObject({ status: 'open', version: 1 });
    });

    test('When a ticket is opened, changed and moved, then each is in the audit log with what changed', async () => {
      const ticket = await openTicket(t, agent.token, { customerId: customer.id, subject: 'Audited' });
      await t.patch(`/service-tickets/${ticket.id}`, { priority: 'high' }, agent.token);
      await transition(ticket, 'resolved', { note: 'fixed' }, agent.token);

      const records = (await t.get(`/audit-log?entity=service-ticket`, admin)).body.data.filter((r: { entityId: string }) => r.entityId === String(ticket.id));

      expect(records.map((r: { action: string; ok: boolean; userId: number }) => [r.action, r.ok, r.userId]).sort()).toEqual([
        ['create', true, agent.id], ['transition', true, agent.id], ['update', true, agent.id],
      ]);
      const update = records.find((r: { action: string }) => r.action === 'update');
      expect(update.detail).toMatchObject({ before: { priority: 'normal' }, after: { priority: 'high', version: 2 } });
      const moved = records.find((r: { action: string }) => r.action === 'transition');
      expect(moved.detail).toEqual({ number: ticket.number, from: 'open', to: 'resolved', note: 'fixed' });
    });
  });
});
