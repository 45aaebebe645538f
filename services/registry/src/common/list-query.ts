import type { z } from 'zod';
import { listQuerySchema, parseInput, type Page } from './validation';

/** Parses `?limit&offset&q` plus the given filters; unknown query parameters are 400 naming them. */
export function parseListQuery<S extends z.ZodRawShape>(filters: S, query: unknown) {
  return parseInput(listQuerySchema.extend(filters).strict(), query ?? {}, 'query');
}

export function pageOf<T>(items: T[], total: number, query: { limit: number; offset: number }): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** Case-insensitive substring filter, when `q` is given. */
export function containsText(q: string | undefined): { contains: string; mode: 'insensitive' } | undefined {
  return q ? { contains: q, mode: 'insensitive' } : undefined;
}
