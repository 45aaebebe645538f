'use client';
// A form bound to a server action: shows pending state, the outcome, and per-field errors (FieldError).
import { createContext, startTransition, useActionState, useContext, type ReactNode } from 'react';
import { idle, type ActionState } from '../lib/action-state';

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const FieldErrors = createContext<Record<string, string>>({});

export function ActionForm(props: {
  action: Action;
  submitLabel: string;
  children?: ReactNode;
  className?: string;
  danger?: boolean;
  inline?: boolean;
  confirmText?: string;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, idle);
  return (
    <form
      action={formAction}
      className={`${props.className ?? ''} ${props.inline ? 'inline-form' : ''}`}
      data-testid={props.testId}
      onSubmit={(e) => {
        // Dispatched by hand: a form `action` resets the fields afterwards, losing the user's input on a rule error.
        e.preventDefault();
        if (props.confirmText && !window.confirm(props.confirmText)) return;
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      <FieldErrors.Provider value={state.fieldErrors ?? {}}>{props.children}</FieldErrors.Provider>
      <button type="submit" className={props.danger ? 'btn danger' : 'btn'} disabled={pending}>
        {pending ? 'Working…' : props.submitLabel}
      </button>
      <ActionMessage state={state} />
    </form>
  );
}

export function ActionMessage({ state }: { state: ActionState }) {
  if (!state.message && !state.secret) return null;
  return (
    <div className={state.ok ? 'notice ok' : 'notice error'} role={state.ok ? 'status' : 'alert'}>
      <div>{state.message}</div>
      {state.secret ? (
        <div className="secret">
          <code data-testid="secret">{state.secret}</code>
          <div className="hint">Copy it now: it is shown only once.</div>
        </div>
      ) : null}
      {state.details?.length ? (
        <ul>
          {state.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function FieldError({ name }: { name: string }) {
  const errors = useContext(FieldErrors);
  const message = errors[name];
  return message ? <span className="field-error">{message}</span> : null;
}
