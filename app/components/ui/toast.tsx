import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

type Shown = { text: string; key: string | number | undefined; undo?: { action: string; fields: Record<string, string> } | null };
type Phase = "in" | "leaving" | "gone";

/**
 * The one-shot message after a redirect ("Settings saved"): over the page,
 * not in its flow, announced politely, gone after `ms` (kept while the
 * focus is inside it), and closable at once. A new message shows again even
 * when its text is the same as the last one (`id` changes per response).
 *
 * The message is taken from the props during render, not copied over in an
 * effect, and every timer names the message it belongs to: a fade started
 * for one message can never hide the next. An Undo keeps its message on
 * screen ("Undoing…") until the answer replaces it, so the form is never
 * unmounted while it is being sent.
 */
export function Toast({
  message,
  undo,
  id,
  ms = 6000,
}: {
  message: string | null | undefined;
  /** An Undo button that posts these fields to `action` (archiving a product, say). */
  undo?: Shown["undo"];
  id?: string | number;
  ms?: number;
}) {
  const [toast, setToast] = useState<{ shown: Shown; phase: Phase; held: boolean } | null>(
    message ? { shown: { text: message, key: id, undo }, phase: "in", held: false } : null,
  );
  // A new message (a new id, or new text) replaces the old one at once.
  if (message && (!toast || toast.shown.key !== id || toast.shown.text !== message)) {
    setToast({ shown: { text: message, key: id, undo }, phase: "in", held: false });
  }

  const navigation = useNavigation();
  const key = toast?.shown.key;
  const text = toast?.shown.text;
  // Our Undo is on its way when the form being sent carries its fields.
  const sent = navigation.formData;
  const undoFields = toast?.shown.undo?.fields;
  const undoing = Boolean(sent && undoFields && Object.entries(undoFields).every(([name, value]) => sent.get(name) === value));

  const phase = toast?.phase;
  const held = toast?.held;
  const hasUndo = Boolean(toast?.shown.undo);
  useEffect(() => {
    if (phase === undefined || phase === "gone") return;
    const mine = (t: typeof toast) => t !== null && t.shown.key === key && t.shown.text === text;
    if (phase === "leaving") {
      const gone = setTimeout(() => setToast((t) => (mine(t) ? { ...t!, phase: "gone" } : t)), 400);
      return () => clearTimeout(gone);
    }
    if (held || undoing) return;
    // An Undo stays longer: people need the time to change their mind.
    const fade = setTimeout(() => setToast((t) => (mine(t) ? { ...t!, phase: "leaving" } : t)), hasUndo ? Math.max(ms, 10_000) : ms);
    return () => clearTimeout(fade);
  }, [key, text, phase, held, undoing, hasUndo, ms]);

  const set = (patch: Partial<{ phase: Phase; held: boolean }>) => setToast((t) => (t ? { ...t, ...patch } : t));

  return (
    <div className="toast-region" aria-live="polite" aria-atomic="true">
      {toast && toast.phase !== "gone" ? (
        <div
          className={toast.phase === "leaving" ? "toast leaving" : "toast"}
          role="status"
          onFocus={() => set({ held: true })}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) set({ held: false });
          }}
        >
          <span>{toast.shown.text}</span>
          {toast.shown.undo ? (
            <Form method="post" action={toast.shown.undo.action}>
              {Object.entries(toast.shown.undo.fields).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <button type="submit" className="undo" disabled={undoing} aria-busy={undoing || undefined}>
                {undoing ? "Undoing…" : "Undo"}
              </button>
            </Form>
          ) : null}
          <button type="button" className="close" aria-label="Close message" onClick={() => set({ phase: "leaving" })}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
