import { z } from 'zod';

export const loginSchema = z
  .object({
    email: z.string().email('must be an e-mail address').max(254),
    password: z.string().min(1, 'must not be empty').max(1024),
  })
  .strict();

export const refreshSchema = z.object({ refreshToken: z.string().min(1, 'must not be empty').max(512) }).strict();
