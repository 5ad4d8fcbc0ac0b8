import type { Verifier } from "../lib/till/store";
import { useT } from "../lib/i18n";

/**
 * Who, and their till PIN: the two fields every PIN step at the register
 * uses (sign in, a manager's approval, a return). Digits only; Enter sends.
 */
export function PinFields(props: {
  /** Makes the fields' ids: `<id>-person`, `<id>-pin`, `<id>-pin-error`. */
  id: string;
  personLabel: string;
  pinLabel: string;
  people: Verifier[];
  personId: string | undefined;
  onPerson: (userId: string) => void;
  pin: string;
  onPin: (pin: string) => void;
  error?: string | null;
  autoFocus?: boolean;
  onEnter: () => void;
}) {
  const errorId = `${props.id}-pin-error`;
  const t = useT();
  return (
    <>
      <div className="field">
        <label htmlFor={`${props.id}-person`}>{props.personLabel}</label>
        <select id={`${props.id}-person`} value={props.personId} onChange={(e) => props.onPerson(e.target.value)}>
          {props.people.map((p) => (
            <option key={p.userId} value={p.userId}>
              {t("till.register.pin.person", { name: p.name, role: p.role })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${props.id}-pin`}>{props.pinLabel}</label>
        <input
          id={`${props.id}-pin`}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={props.pin}
          autoFocus={props.autoFocus}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? errorId : undefined}
          onChange={(e) => props.onPin(e.target.value.replace(/[^0-9]/g, ""))}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              e.stopPropagation();
              props.onEnter();
            }
          }}
        />
        {props.error ? (
          <p id={errorId} className="field-error" role="alert">
            {props.error}
          </p>
        ) : null}
      </div>
    </>
  );
}
