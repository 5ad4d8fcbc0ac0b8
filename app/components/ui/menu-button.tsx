import { useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";

/**
 * Navigation that is always shown on wide screens and folds behind a
 * "Menu" button on narrow ones (under 700 px), instead of a stack of links
 * above the page. It folds again after each navigation.
 */
export function MenuButton({ id, label = "Menu", children, className }: { id: string; label?: string; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname, location.search]);
  return (
    <div className={["menu", className].filter(Boolean).join(" ")} data-open={open ? "" : undefined}>
      <button type="button" className="menu-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true" className="menu-icon">
          {open ? "×" : "☰"}
        </span>{" "}
        {label}
      </button>
      <div id={id} className="menu-panel">
        {children}
      </div>
    </div>
  );
}
