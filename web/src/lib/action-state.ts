// What a server action answers to its form. Pure.
import { userMessage } from './api-error';

export interface ActionState {
  ok: boolean;
  message: string;
  /** Per-field messages of the form's own checks or of the service's 4xx naming a field. */
  fieldErrors?: Record<string, string>;
  /** Something shown once after success (a new API key). */
  secret?: string;
  /** Extra lines (restart notice, connectivity results). */
  details?: string[];
}

export const idle: ActionState = { ok: false, message: '' };

export function success(message: string, extra: Partial<ActionState> = {}): ActionState {
  return { ok: true, message, ...extra };
}

export function failure(error: unknown): ActionState {
  const field = (error as { field?: unknown } | null)?.field;
  const message = userMessage(error);
  return { ok: false, message, ...(typeof field === 'string' ? { fieldErrors: { [field]: message } } : {}) };
}

export function invalid(errors: Record<string, string>): ActionState {
  const list = Object.values(errors);
  return { ok: false, message: list.length === 1 ? list[0] : `Please fix ${list.length} fields: ${list.join('; ')}`, fieldErrors: errors };
}
