import { z } from 'zod';
import { expected, msgKey } from '../../contract/validation-issues';

const notAnId = msgKey('validation.type:id');

export const idParams = z.object({
  id: z.coerce.number({ error: expected('validation.type:id') }).int(notAnId).positive(notAnId),
});
export type IdParams = z.infer<typeof idParams>;
