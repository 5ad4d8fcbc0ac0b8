import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import "./context";
import { useNonce } from "./lib/nonce";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { readToast } from "./lib/toast.server";
import { MenuButton, Toast } from "./components/ui";
import { cartCount } from "./lib/cart.server";
import { useLocale, useT } from "./lib/i18n";

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
    { user, cart, locale: context.locale, toast: toast.message, toastUndo: toast.undo, toastId: toast.message ? crypto.randomUUID() : null },
    toast.setCookie ? { headers: { "Set-Cookie": toast.setCookie } } : undefined,
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const locale = useLocale();
  return (
    // Headless UI marks <html> (data-headlessui-focus-visible) as soon as its script runs, before React hydrates.
    <html lang={locale} suppressHydrationWarning>
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

/** Switches the page to the other language, back to the same page (app/routes/language.tsx). */
function LanguageSwitch() {
  const t = useT();
  const location = useLocation();
  const other = t.locale === "fr" ? "en" : "fr";
  return (
    <Form method="post" action="/language" className="language-switch">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="locale" value={other} lang={other} className="link" title={t("common.language.switch")}>
        {t(`common.language.${other}`)}
      </button>
    </Form>
  );
}

/** The site header; on an error page the root's data may be missing (no route matched): then only the public links. */
function Header() {
  const root = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const user = root?.user ?? null;
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        {t("common.brand")}
      </Link>
      {root && root.cart !== null ? (
        <Link to="/cart" className="cart-link" aria-label={t("common.cart.aria", { count: root.cart })}>
          {t("common.cart.label")}{" "}
          <span className="cart-count" aria-hidden="true">
            {root.cart}
          </span>
        </Link>
      ) : null}
      <MenuButton id="site-menu" label={t("common.menu")} className="site-menu">
        <nav aria-label={t("common.nav.site")}>
          <Link to="/search">{t("common.nav.search")}</Link>
          <Link to="/nearby">{t("common.nav.nearby")}</Link>
          {user ? (
            <>
              <Link to="/account/orders">{t("common.nav.orders")}</Link>
              <Link to="/shops">{t("common.nav.myShops")}</Link>
              {user.isPlatformAdmin ? <Link to="/admin">{t("common.nav.admin")}</Link> : null}
              <Link to="/account" translate="no">
                {user.name}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="link">
                  {t("common.nav.logOut")}
                </button>
              </Form>
            </>
          ) : !root ? (
            <Link to="/shops">{t("common.nav.myShops")}</Link>
          ) : (
            <>
              <Link to="/login">{t("common.nav.logIn")}</Link>
              <Link to="/join">{t("common.nav.signUp")}</Link>
              <Link to="/signup" className="button">
                {t("common.nav.openShop")}
              </Link>
            </>
          )}
          <LanguageSwitch />
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
