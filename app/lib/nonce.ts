import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);

/** The response's CSP nonce, for the document's own script tags (server side; empty in the browser). */
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
