import { z } from 'zod';
import { customerRequest, itemRequest } from '../../contract/master-data';
import { auditQuery, createUserRequest, loginRequest, roleRequest, warehouseRequest } from '../../contract/platform';
import { adjustmentRequest, batchOf, stocktakeCountsRequest, stocktakeRequest, transferRequest } from '../../contract/stock';
import { describeIssue, isValidationKey, toValidationKey } from '../../contract/validation-issues';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value, { error: toValidationKey });
  if (parsed.success) throw new Error('expected the value to be refused');
  return parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), ...describeIssue(issue) }));
};

describe('Zod issues as codes and message keys', () => {
  test('An issue the schema words nothing for gets a key by its kind; a missing field is told from a wrong one', () => {
    const schema = z.strictObject({ name: z.string().max(3), qty: z.number().int(), kind: z.enum(['a', 'b']), on: z.iso.date(), tags: z.array(z.string()).min(1) });

    const missing = issuesOf(schema, {});
    const wrong = issuesOf(schema, { name: 'long', qty: 1.5, kind: 'c', on: '31.01.2026', tags: [], extra: 1 });

    expect(missing.map((i) => [i.path, i.key, i.code])).toEqual([
      ['name', 'validation.required', 'validation.required'],
      ['qty', 'validation.required', 'validation.required'],
      ['kind', 'validation.required', 'validation.required'],
      ['on', 'validation.required', 'validation.required'],
      ['tags', 'validation.required', 'validation.required'],
    ]);
    expect(wrong.map((i) => [i.path, i.key, i.code, i.params])).toEqual([
      ['name', 'validation.too-long', 'validation.too-long', { max: 3 }],
      ['qty', 'validation.type:whole-number', 'validation.type', {}],
      ['kind', 'validation.choice', 'validation.choice', { options: 'a, b' }],
      ['on', 'validation.format:date', 'validation.format', {}],
      ['tags', 'validation.too-few', 'validation.too-few', { min: 1 }],
      ['', 'validation.unknown-field', 'validation.unknown-field', {}],
    ]);
  });

  test('A sentence a schema still words itself is kept as it is, with a code from the kind of issue', () => {
    const [issue] = issuesOf(z.object({ days: z.number({ error: 'must be a number of days' }) }), { days: 'x' });

    expect(issue).toMatchObject({ key: null, text: 'must be a number of days', code: 'validation.type' });
  });

  test('Decimal places beyond the kind are validation.too-precise with the places allowed', () => {
    const [issue] = issuesOf(adjustmentRequest, { warehouseId: 1, reason: 'found', lines: [{ itemId: 1, qty: 1.0001, unitCost: 1 }] });

    expect(issue).toMatchObject({ path: 'lines.0.qty', key: 'validation.too-precise:qty', code: 'validation.too-precise', params: { places: 3 } });
  });

  test.each([
    ['login', loginRequest, [{}, { username: 5, password: '' }]],
    ['user', createUserRequest, [{}, { username: 'a', displayName: 7, password: 'short', roles: 'admin', warehouseIds: ['x'], approvalLimit: 1.001, active: 'yes', x: 1 }]],
    ['role', roleRequest, [{}, { name: '', permissions: 'all', inherits: [1] }]],
    ['warehouse', warehouseRequest, [{}, { code: 'x'.repeat(33), name: 1, address: 2, active: 0 }]],
    ['audit query', auditQuery, [{ from: 'yesterday', limit: 'many', userId: -1 }]],
    ['item', itemRequest, [{}, { sku: 1, name: '', unit: 'x'.repeat(17), taxRate: 13, safetyStock: -1, batchTracked: 'no', warehouseOverrides: 'x' }]],
    ['customer', customerRequest, [{ code: 'C', name: 'C', email: 'no', currency: 'yuan', paymentTermsDays: 1.5, creditLimit: 1e13 }]],
    ['adjustment', adjustmentRequest, [{}, { reason: 'gift', date: 'today', note: 5, lines: [{ sku: '', qty: 0, unitCost: -1, batchNo: 1, expiryDate: 'x' }] }, { reason: 'found', lines: [] }]],
    ['transfer', transferRequest, [{ lines: 'all' }, { lines: [{ qty: -1 }] }]],
    ['batch', batchOf(z.unknown()), [{}, { documents: [] }, { documents: [{ ref: '' }] }]],
    ['stocktake', stocktakeRequest, [{ itemIds: [] }, { itemIds: 'all' }]],
    ['counts', stocktakeCountsRequest, [{}, { lines: [] }, { lines: [{ countedQty: -1 }] }]],
  ] as const)('Every complaint of the %s schema is a catalogue key', (_name, schema, bodies) => {
    for (const body of bodies) {
      const sentences = issuesOf(schema as z.ZodType, body).filter((i) => !i.key || !isValidationKey(i.key));
      expect({ body, sentences }).toEqual({ body, sentences: [] });
    }
  });
});
