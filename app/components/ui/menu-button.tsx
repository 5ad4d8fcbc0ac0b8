import { useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useT } from "../../lib/i18n";

/**
 * Navigation that is always shown on wide screens and folds behind a
 * "Menu" button on narrow ones (under 700 px), instead of a stack of links
 * above the page. It folds again after each navigation.
 */
export function MenuButton({ id, label, children, className }: { id: string; label?: string; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  const t = useT();
  const location = useLocation();
  useEffect(() => setOpen(false), [location.key]);
  return (
    <div className={["menu", className].filter(Boolean).join(" ")} data-open={open ? "" : undefined}>
      <button type="button" className="menu-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true" className="menu-icon">
          {open ? "×" : "☰"}
        </span>{" "}
        {label ?? t("common.menu")}
      </button>
      <div id={id} className="menu-panel">
        {children}
      </div>
    </div>
  );
}
