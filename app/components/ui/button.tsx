import { useNavigation, type FetcherWithComponents } from "@remix-run/react";
import { forwardRef, type ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "link";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  /** Pending from the caller; left out, a submit button follows the page's navigation (or `fetcher`). */
  pending?: boolean;
  /** The fetcher that sends this button's form, when it is not the page's navigation. */
  fetcher?: Pick<FetcherWithComponents<unknown>, "state" | "formData">;
  /** Said instead of the label while pending, e.g. "Saving…". */
  pendingLabel?: string;
  /** Pending only when the form being sent has these fields, e.g. `{ membershipId: m.id }` for one row's button. */
  match?: Record<string, string>;
};

/**
 * A button that says when its form is on its way: disabled, `aria-busy`, a
 * spinner and the pending label while the submission runs. A submit button
 * with a `name`/`value` is pending only when its own value is being sent, so
 * the other buttons of a page stay as they are.
 */
export const Button = forwardRef<HTMLButtonElement, Props>(function Button(
  { variant = "primary", pending, fetcher, pendingLabel, match, className, children, disabled, type = "submit", ...rest },
  ref,
) {
  const navigation = useNavigation();
  const sending = fetcher ?? (navigation.state === "submitting" ? navigation : null);
  const formData = type === "submit" && sending && sending.state !== "idle" ? sending.formData : undefined;
  const wanted = { ...match, ...(rest.name && rest.value !== undefined ? { [rest.name]: String(rest.value) } : {}) };
  const ours = formData ? Object.entries(wanted).every(([k, v]) => formData.get(k) === v) : false;
  const busy = pending ?? ours;
  const classes = ["btn", `btn-${variant}`, variant === "primary" ? "" : variant, className].filter(Boolean).join(" ");
  return (
    <button ref={ref} type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {busy && pendingLabel ? pendingLabel : children}
    </button>
  );
});
