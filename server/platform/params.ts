import { z } from 'zod';

export const idParams = z.object({
  id: z.coerce.number({ error: 'must be an id' }).int('must be an id').positive('must be an id'),
});
export type IdParams = z.infer<typeof idParams>;
