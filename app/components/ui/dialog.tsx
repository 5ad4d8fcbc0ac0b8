import { Dialog as HuiDialog, DialogPanel, DialogTitle, Description } from "@headlessui/react";
import type { ReactNode } from "react";

/**
 * A modal dialog on Headless UI's primitive: focus moves in and is trapped,
 * Escape and a click outside close it, focus returns to what opened it, the
 * page behind is inert. `actions` are its buttons, last one first in
 * reading order on narrow screens.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  actions,
  role = "dialog",
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  role?: "dialog" | "alertdialog";
}) {
  return (
    <HuiDialog open={open} onClose={onClose} className="dialog-root" role={role}>
      <div className="dialog-backdrop" aria-hidden="true" />
      <div className="dialog-frame">
        <DialogPanel className="dialog-panel">
          <DialogTitle as="h2" className="dialog-title">
            {title}
          </DialogTitle>
          {description ? <Description className="dialog-description">{description}</Description> : null}
          {children}
          {actions ? <div className="dialog-actions">{actions}</div> : null}
        </DialogPanel>
      </div>
    </HuiDialog>
  );
}
