'use client';
import { startTransition, useActionState } from 'react';
import { idle } from '../../src/lib/action-state';
import { loginAction } from '../../src/server/actions/auth.actions';
import { ActionMessage } from '../../src/ui/action-form';

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(loginAction, idle);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        // Keeps the e-mail after a failed attempt (a form `action` resets the fields).
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="next" value={next} />
      <label className="field">
        <span className="label">E-mail</span>
        <input type="email" name="email" autoComplete="username" required maxLength={320} autoFocus />
      </label>
      <label className="field">
        <span className="label">Password</span>
        <input type="password" name="password" autoComplete="current-password" required maxLength={1024} />
      </label>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Logging in…' : 'Log in'}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}
