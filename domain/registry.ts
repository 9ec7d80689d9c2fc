/** The agency registry: canonical names with their aliases, as an administrator keeps it. */
import { z } from 'zod';
import { AGENCY_KINDS } from './values.js';

export const agencySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'Mã cơ quan chỉ gồm chữ thường không dấu, số và dấu gạch ngang'),
  name: z.string().min(1),
  kind: z.enum(AGENCY_KINDS),
  aliases: z.array(z.string().min(1)).default([]),
  formerly: z.array(z.string().min(1)).default([]),
});
export type Agency = z.infer<typeof agencySchema>;

export const registrySchema = z.object({
  province: z.string(),
  note: z.string().optional(),
  agencies: z.array(agencySchema),
});
export type Registry = z.infer<typeof registrySchema>;
