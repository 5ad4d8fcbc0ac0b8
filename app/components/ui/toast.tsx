import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "../../lib/i18n";

/**
 * The one-shot message after a redirect ("Settings saved"): over the page,
 * not in its flow, announced politely, gone after `ms` (kept while its
 * close button has the focus), and closable at once. A new message shows again even when
 * its text is the same as the last one (`id` changes per response).
 */
export function Toast({
  message,
  undo,
  id,
  ms = 6000,
}: {
  message: string | null | undefined;
  /** An Undo button that posts these fields to `action` (archiving a product, say). */
  undo?: { action: string; fields: Record<string, string> } | null;
  id?: string | number;
  ms?: number;
}) {
  const t = useT();
  const [shown, setShown] = useState<{ text: string; key: string | number | undefined; undo?: typeof undo } | null>(
    message ? { text: message, key: id, undo } : null,
  );
  const [leaving, setLeaving] = useState(false);
  const [held, setHeld] = useState(false);

  useEffect(() => {
    if (!message) return;
    setShown({ text: message, key: id, undo });
    setLeaving(false);
    // `undo` arrives with its message and id.
  }, [message, id]);

  useEffect(() => {
    if (!shown || held) return;
    // An Undo stays longer: people need the time to change their mind.
    const fade = setTimeout(() => setLeaving(true), shown.undo ? Math.max(ms, 10_000) : ms);
    return () => clearTimeout(fade);
  }, [shown, held, ms]);

  useEffect(() => {
    if (!leaving) return;
    const gone = setTimeout(() => setShown(null), 400);
    return () => clearTimeout(gone);
  }, [leaving]);

  return (
    <div className="toast-region" aria-live="polite" aria-atomic="true">
      {shown ? (
        <div className={leaving ? "toast leaving" : "toast"} role="status" onFocus={() => setHeld(true)} onBlur={() => setHeld(false)}>
          <span>{shown.text}</span>
          {shown.undo ? (
            <Form method="post" action={shown.undo.action} onSubmit={() => setLeaving(true)}>
              {Object.entries(shown.undo.fields).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <button type="submit" className="undo">
                {t("common.undo")}
              </button>
            </Form>
          ) : null}
          <button type="button" className="close" aria-label={t("common.closeMessage")} onClick={() => setLeaving(true)}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
