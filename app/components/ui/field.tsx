import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { errorOf, fieldId, keptValue, type Failure } from "./failure";

type Common = { label: ReactNode; name: string; failure?: Failure; hint?: ReactNode; id?: string };

/** The message next to an input, tied to it by id. */
function FieldMessages({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <small className="hint" id={`${id}-hint`}>
          {hint}
        </small>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** aria-invalid and aria-describedby, always from the same failure. */
function wiring(id: string, error: string | undefined, hint: ReactNode, describedBy?: string) {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null, describedBy ?? null].filter(Boolean).join(" ");
  return { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined } as const;
}

/** A labelled input whose error sits beside it and which keeps what was typed. */
export function Field(props: Common & { defaultValue?: string | number | null } & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue" | "id">) {
  const { label, name, failure, defaultValue, hint, id: ownId, "aria-describedby": describedBy, ...rest } = props;
  const id = ownId ?? fieldId(name);
  const error = errorOf(failure, name);
  const value = keptValue(failure, name) ?? defaultValue ?? undefined;
  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        defaultValue={rest.type === "password" ? undefined : (value ?? undefined)}
        {...wiring(id, error, hint, describedBy)}
        {...rest}
      />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea(props: Common & { defaultValue?: string | null } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "defaultValue" | "id">) {
  const { label, name, failure, defaultValue, hint, id: ownId, ...rest } = props;
  const id = ownId ?? fieldId(name);
  const error = errorOf(failure, name);
  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} defaultValue={keptValue(failure, name) ?? defaultValue ?? undefined} {...wiring(id, error, hint)} {...rest} />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export type Option = { value: string; label: string; disabled?: boolean };

export function Select(
  props: Common & { options: readonly Option[]; defaultValue?: string | null } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "defaultValue" | "id">,
) {
  const { label, name, failure, defaultValue, hint, options, id: ownId, ...rest } = props;
  const id = ownId ?? fieldId(name);
  const error = errorOf(failure, name);
  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={keptValue(failure, name) ?? defaultValue ?? undefined} {...wiring(id, error, hint)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/** A checkbox with its label on the right; a refused form keeps its state ("on" when it was ticked). */
export function Checkbox(
  props: Omit<Common, "label"> & { label: ReactNode; defaultChecked?: boolean } & Omit<
      InputHTMLAttributes<HTMLInputElement>,
      "name" | "defaultChecked" | "type" | "id"
    >,
) {
  const { label, name, failure, defaultChecked, hint, id: ownId, ...rest } = props;
  const id = ownId ?? fieldId(name);
  const error = errorOf(failure, name);
  const values = failure?.values;
  const kept = values && name in values ? values[name] != null && values[name] !== "" && values[name] !== false : undefined;
  return (
    <div className={error ? "field checkbox invalid" : "field checkbox"}>
      <span className="checkbox-row">
        <input type="checkbox" id={id} name={name} defaultChecked={kept ?? defaultChecked} {...wiring(id, error, hint)} {...rest} />
        <label htmlFor={id}>{label}</label>
      </span>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/** The form-wide message ("Nothing was saved: …"), at the top of the form. */
export function FormError({ failure }: { failure?: Failure }) {
  const message = failure?.formError;
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
