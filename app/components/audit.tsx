import { useT } from "../lib/i18n";

/** Before → after of an audit row, one changed field a line ("price: 250 → 300"). */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const t = useT();
  if (!keys.length) return <span className="hint">—</span>;
  return (
    <ul className="audit-changes" translate="no">
      {keys.slice(0, 12).map((k) => (
        <li key={k}>
          <code>{k}</code>: {k in b ? <del>{short(b[k])}</del> : null}
          {k in b && k in a ? " → " : null}
          {k in a ? <ins>{short(a[k])}</ins> : null}
        </li>
      ))}
      {keys.length > 12 ? (
        <li className="hint" translate="yes">
          {t("settings.audit.more", { count: keys.length - 12 })}
        </li>
      ) : null}
    </ul>
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

export function short(v: unknown): string {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
