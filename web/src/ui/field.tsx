// Labelled form fields with the seed's helper texts and a slot for the field's error.
import type { ReactNode } from 'react';
import { FieldError } from './action-form';

export function Field(props: { label: string; name: string; required?: boolean; help?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="label">
        {props.label}
        {props.required ? <span className="req">*</span> : null}
      </span>
      {props.children}
      {props.help ? <span className="help">{props.help}</span> : null}
      <FieldError name={props.name} />
    </label>
  );
}

export function Check(props: { label: string; name: string; defaultChecked?: boolean; help?: string }) {
  return (
    <label className="check">
      <input type="checkbox" name={props.name} defaultChecked={props.defaultChecked} /> {props.label}
      {props.help ? <span className="help"> — {props.help}</span> : null}
      <FieldError name={props.name} />
    </label>
  );
}
