import { Form } from "@remix-run/react";
import { confirmFirst } from "../lib/confirm";

/** A one-button POST form for a destructive action: asks first, then sends `intent` and one id. */
export function ConfirmedAction({ intent, field, value, confirm, label, danger = false, inline = false }: {
  intent: string;
  field: string;
  value: string;
  confirm: string;
  label: string;
  danger?: boolean;
  inline?: boolean;
}) {
  return (
    <Form method="post" className={inline ? "inline" : undefined} onSubmit={confirmFirst(confirm)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={field} value={value} />
      <button type="submit" className={danger ? "danger" : "link"}>{label}</button>
    </Form>
  );
}
