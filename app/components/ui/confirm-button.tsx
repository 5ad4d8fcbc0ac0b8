import { useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";
import { useT } from "../../lib/i18n";

/**
 * A submit button for a destructive or final step that asks first, in a
 * dialog of the page (never the browser's `confirm()`). Put it inside the
 * form it submits: "Yes" submits that form (with this button's
 * `name`/`value`, if any, as a hidden field), "Cancel" or Escape sends
 * nothing. Without JavaScript the button submits straight away.
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  cancelLabel,
  variant = "danger",
  name,
  value,
  disabled,
  pendingLabel,
  className,
}: {
  children: ReactNode;
  /** The question: "Remove Ana from the shop?" */
  title: ReactNode;
  /** What follows: "They lose access at once." */
  message?: ReactNode;
  /** The button that does it: "Remove". Say the action, not "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  variant?: ButtonVariant;
  name?: string;
  value?: string;
  disabled?: boolean;
  pendingLabel?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const t = useT();
  const trigger = useRef<HTMLButtonElement>(null);
  const confirm = () => {
    const form = trigger.current?.form;
    setOpen(false);
    if (!form) return;
    // The trigger is the submitter, so its name/value go with the form as with a plain click.
    form.requestSubmit(trigger.current);
  };
  return (
    <>
      <Button
        ref={trigger}
        variant={variant}
        name={name}
        value={value}
        disabled={disabled}
        pendingLabel={pendingLabel}
        className={className}
        onClick={(e) => {
          if (open) return;
          e.preventDefault();
          setOpen(true);
        }}
      >
        {children}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={title}
        description={message}
        role="alertdialog"
        actions={
          <>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)} autoFocus>
              {cancelLabel ?? t("common.cancel")}
            </Button>
            <Button type="button" variant={variant === "link" ? "danger" : variant} onClick={confirm}>
              {confirmLabel}
            </Button>
          </>
        }
      />
    </>
  );
}
