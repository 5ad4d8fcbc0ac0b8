import { useEffect, useRef } from "react";
import { fieldId, type Failure } from "./failure";
import { useT } from "../../lib/i18n";

/**
 * At the top of a long form: what is wrong, each item a link to its field.
 * It takes the focus when it appears, so a keyboard or screen-reader user
 * hears it first. `labels` names the fields ("price" → "Price"); a field
 * without one is listed by its message alone.
 */
export function ErrorSummary({ failure, labels = {}, title }: { failure?: Failure; labels?: Record<string, string>; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const t = useT();
  const entries = Object.entries(failure?.fieldErrors ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  const shown = entries.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, failure]);
  if (!shown) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{title ?? t("common.errors.nothingSaved")}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <a
              href={`#${fieldId(name)}`}
              onClick={(e) => {
                const input = document.getElementById(fieldId(name));
                if (!input) return;
                e.preventDefault();
                input.scrollIntoView({ block: "center" });
                input.focus();
              }}
            >
              {labels[name] ? `${labels[name]}: ` : ""}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
