import { useEffect, useState } from "react";

/**
 * The one-shot message after a redirect ("Settings saved"): over the page,
 * not in its flow, announced politely, gone after `ms` (kept while its
 * close button has the focus), and closable at once. A new message shows again even when
 * its text is the same as the last one (`id` changes per response).
 */
export function Toast({ message, id, ms = 6000 }: { message: string | null | undefined; id?: string | number; ms?: number }) {
  const [shown, setShown] = useState<{ text: string; key: string | number | undefined } | null>(message ? { text: message, key: id } : null);
  const [leaving, setLeaving] = useState(false);
  const [held, setHeld] = useState(false);

  useEffect(() => {
    if (!message) return;
    setShown({ text: message, key: id });
    setLeaving(false);
  }, [message, id]);

  useEffect(() => {
    if (!shown || held) return;
    const fade = setTimeout(() => setLeaving(true), ms);
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
          <button type="button" className="close" aria-label="Close message" onClick={() => setLeaving(true)}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
