import { Combobox as HuiCombobox, ComboboxInput, ComboboxOption, ComboboxOptions } from "@headlessui/react";
import { useState, type ReactNode } from "react";
import { errorOf, fieldId, keptValue, type Failure } from "./failure";
import type { Option } from "./field";
import { useT } from "../../lib/i18n";

/**
 * A text box that filters a long list (time zones, categories, customers)
 * and submits the chosen option's value under `name`, on Headless UI's
 * ARIA 1.2 combobox: arrows move, Enter picks, Escape closes. Its error
 * and kept value come from the action's failure like every field's.
 */
export function Combobox({
  label,
  name,
  options,
  defaultValue,
  failure,
  hint,
  placeholder,
  empty,
}: {
  label: ReactNode;
  name: string;
  options: readonly Option[];
  defaultValue?: string | null;
  failure?: Failure;
  hint?: ReactNode;
  placeholder?: string;
  empty?: string;
}) {
  const id = fieldId(name);
  const t = useT();
  const error = errorOf(failure, name);
  const start = keptValue(failure, name) ?? defaultValue ?? null;
  const [selected, setSelected] = useState<Option | null>(options.find((o) => o.value === start) ?? null);
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = q ? options.filter((o) => o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q)).slice(0, 50) : options.slice(0, 50);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field combobox invalid" : "field combobox"}>
      <label htmlFor={id}>{label}</label>
      {/* Our own hidden field: it is in the server's HTML, so the form sends the value before and without JavaScript. */}
      <input type="hidden" name={name} value={selected?.value ?? ""} />
      <HuiCombobox value={selected} onChange={setSelected} onClose={() => setQuery("")} by="value" immediate>
        <ComboboxInput
          id={id}
          displayValue={(o: Option | null) => o?.label ?? ""}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={placeholder}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <ComboboxOptions anchor="bottom start" className="combobox-options">
          {shown.length === 0 ? <li className="combobox-empty">{empty ?? t("common.nothingMatches")}</li> : null}
          {shown.map((o) => (
            <ComboboxOption key={o.value} value={o} className="combobox-option" disabled={o.disabled}>
              {o.label}
            </ComboboxOption>
          ))}
        </ComboboxOptions>
      </HuiCombobox>
      {hint ? (
        <small className="hint" id={`${id}-hint`}>
          {hint}
        </small>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
