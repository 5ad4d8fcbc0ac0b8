import type { ReactNode } from "react";

export type Tone = "neutral" | "success" | "warning" | "danger" | "info" | "accent";

/** A short label in a pill: a status, a count, "Low". */
export function Badge({ tone = "neutral", children, className, label }: { tone?: Tone; children: ReactNode; className?: string; label?: string }) {
  return (
    <span className={["badge", `tone-${tone}`, className].filter(Boolean).join(" ")} aria-label={label}>
      {children}
    </span>
  );
}
