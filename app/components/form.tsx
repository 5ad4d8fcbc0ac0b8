import type { InputHTMLAttributes, ReactNode } from "react";

type Failure = { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> } | undefined;

/** A labelled input whose error sits beside it and which keeps what was typed. */
export function Field(
  props: { label: string; name: string; failure?: Failure; defaultValue?: string | number | null; hint?: ReactNode } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    "name" | "defaultValue"
  >,
) {
  const { label, name, failure, defaultValue, hint, ...rest } = props;
  const error = failure?.fieldErrors?.[name];
  const kept = failure?.values?.[name];
  const id = `f-${name.replace(/\./g, "-")}`;
  const value = typeof kept === "string" ? kept : (defaultValue ?? undefined);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        defaultValue={rest.type === "password" ? undefined : (value ?? undefined)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...rest}
      />
      {hint ? <small className="hint">{hint}</small> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ failure }: { failure?: Failure }) {
  const message = failure?.formError;
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
