/**
 * The add-in's content security policy refuses eval. zod would probe for it
 * with `new Function` on its first parse — refused, and reported as a policy
 * violation even though zod copes — so it is told up front not to try.
 */
import { z } from 'zod';

z.config({ jitless: true });
