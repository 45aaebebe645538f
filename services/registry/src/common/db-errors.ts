import { Prisma } from '@switchyard/registry-store';
import { ApiError } from './api.error';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Runs a write; a unique violation becomes 409 with the given message and field. */
export async function conflictOnDuplicate<T>(work: () => Promise<T>, message: string, field?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw ApiError.conflict(message, field);
    throw error;
  }
}
