import { useState, type ReactNode } from "react";
import type { Tone } from "./badge";
import { useT } from "../../lib/i18n";

/**
 * A message that belongs to the page (a notice, a warning about the shop's
 * setup), in the flow of the page. `dismissible` adds a close button.
 * Short-lived news after an action is a toast instead.
 */
export function Banner({
  tone = "info",
  title,
  children,
  dismissible = false,
  className,
}: {
  tone?: Exclude<Tone, "neutral" | "accent">;
  title?: ReactNode;
  children: ReactNode;
  dismissible?: boolean;
  className?: string;
}) {
  const [open, setOpen] = useState(true);
  const t = useT();
  if (!open) return null;
  return (
    <div className={["banner", `tone-${tone}`, className].filter(Boolean).join(" ")} role={tone === "danger" ? "alert" : "note"}>
      <div className="banner-body">
        {title ? <p className="banner-title">{title}</p> : null}
        {children}
      </div>
      {dismissible ? (
        <button type="button" className="close" onClick={() => setOpen(false)} aria-label={t("common.dismiss")}>
          ×
        </button>
      ) : null}
    </div>
  );
}
