import { useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A form that starts empty again after it succeeds, and whose double submit
 * does the work once. Each render of the form carries a hidden `submitKey`
 * (checked on the server by oncePerSubmitKey); when this form's submit comes
 * back without an error (the action redirected), the fields go back to their
 * defaults and the form gets a new key. After an error the typed values and
 * the key stay, so fixing the form and sending it again works.
 *
 *   const once = useSubmitKey();
 *   <Form method="post" ref={once.ref}>{once.input} ...</Form>
 */
export function useSubmitKey() {
  const ref = useRef<HTMLFormElement>(null);
  // Made in the browser (the server render has none: a page used before
  // its scripts load simply runs without the guard).
  const [key, setKey] = useState("");
  const navigation = useNavigation();
  const failure = useActionData() as { formError?: unknown; fieldErrors?: unknown } | undefined;
  const sent = useRef(false);

  useEffect(() => setKey(newKey()), []);
  useEffect(() => {
    if (navigation.state !== "idle") {
      if (key && navigation.formData?.get("submitKey") === key) sent.current = true;
      return;
    }
    if (!sent.current) return;
    sent.current = false;
    if (failure && (failure.formError || failure.fieldErrors)) return;
    ref.current?.reset();
    setKey(newKey());
  }, [navigation.state, navigation.formData, key, failure]);

  return { ref, key, input: <input type="hidden" name="submitKey" value={key} /> };
}
