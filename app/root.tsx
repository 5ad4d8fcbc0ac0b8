import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import "./context";
import { useNonce } from "./lib/nonce";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { readToast } from "./lib/toast.server";
import { MenuButton, Toast } from "./components/ui";
import { cartCount } from "./lib/cart.server";

/** Pages with no cart in their header: the back office, the till, the platform's admin. */
const NO_CART = /^\/(shop|till|admin)(\/|$)/;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const toast = await readToast(request);
  const user = context.user ? { name: context.user.name, email: context.user.email, isPlatformAdmin: context.user.isPlatformAdmin } : null;
  // The cart's count is for shoppers' pages; a broken cart cookie or a slow read must not take the page down with it.
  const cart = NO_CART.test(new URL(request.url).pathname) ? null : await cartCount(request, context).catch(() => null);
  // A fresh id per message, so the same text after a second action shows again.
  return data(
    { user, cart, toast: toast.message, toastUndo: toast.undo, toastId: toast.message ? crypto.randomUUID() : null },
    toast.setCookie ? { headers: { "Set-Cookie": toast.setCookie } } : undefined,
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    // Headless UI marks <html> (data-headlessui-focus-visible) as soon as its script runs, before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** The site header; on an error page the root's data may be missing (no route matched): then only the public links. */
function Header() {
  const root = useRouteLoaderData<typeof loader>("root");
  const user = root?.user ?? null;
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        Nearshop
      </Link>
      {root && root.cart !== null ? (
        <Link to="/cart" className="cart-link" aria-label={root.cart ? `Cart, ${root.cart} item${root.cart === 1 ? "" : "s"}` : "Cart, empty"}>
          Cart{" "}
          <span className="cart-count" aria-hidden="true">
            {root.cart}
          </span>
        </Link>
      ) : null}
      <MenuButton id="site-menu" label="Menu" className="site-menu">
        <nav aria-label="Site">
          <Link to="/search">Search</Link>
          <Link to="/nearby">Shops near me</Link>
          {user ? (
            <>
              <Link to="/account/orders">Your orders</Link>
              <Link to="/shops">My shops</Link>
              {user.isPlatformAdmin ? <Link to="/admin">Admin</Link> : null}
              <Link to="/account">{user.name}</Link>
              <Form method="post" action="/logout">
                <button type="submit" className="link">
                  Log out
                </button>
              </Form>
            </>
          ) : !root ? (
            <Link to="/shops">My shops</Link>
          ) : (
            <>
              <Link to="/login">Log in</Link>
              <Link to="/join">Sign up</Link>
              <Link to="/signup" className="button">
                Open your shop
              </Link>
            </>
          )}
        </nav>
      </MenuButton>
    </header>
  );
}

export default function App() {
  const { toast, toastUndo, toastId } = useLoaderData<typeof loader>();
  return (
    <>
      <Header />
      <Toast message={toast} undo={toastUndo} id={toastId ?? undefined} />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <Header />
      <GeneralErrorBoundary />
    </>
  );
}
