'use server';
// Log in and out: the tokens go into httpOnly cookies, never to the browser's scripts.
import { redirect } from 'next/navigation';
import { failure, type ActionState } from '../../lib/action-state';
import { safeNextPath } from '../../lib/session';
import { login, logout } from '../auth-calls';
import { clearSession, refreshToken, saveSession } from '../session-store';

export async function loginAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email || !password) return { ok: false, message: 'Enter your e-mail and password' };
  if (email.length > 320 || password.length > 1024) return { ok: false, message: 'e-mail or password is too long' };
  try {
    await saveSession(await login(email, password));
  } catch (error) {
    const state = failure(error);
    if ((error as { status?: number }).status === 401) return { ok: false, message: 'Wrong e-mail or password' };
    return state;
  }
  redirect(safeNextPath(form.get('next')));
}

export async function logoutAction(): Promise<void> {
  const rt = await refreshToken();
  if (rt) {
    try {
      await logout(rt);
    } catch {
      // The cookies are cleared anyway; the session expires on its own.
    }
  }
  await clearSession();
  redirect('/login');
}
