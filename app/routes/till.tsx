import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { RegisterTill } from "../components/register-till";
import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: data?.boot ? t("till.register.meta", { name: data.boot.register.name }) : t("till.meta.title") }];
};

/**
 * The paired register's till. No one's session opens it: the register's
 * cookie does, and a PIN signs each person in to this till only.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return { boot: await context.trpc.till.boot(), refused: null };
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN")) {
      // The register procedure's two refusals, said in the page's language.
      return { boot: null, refused: error.code === "FORBIDDEN" ? ("unpaired" as const) : ("notPaired" as const) };
    }
    throw error;
  }
}

export default function TillPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  if (data.boot) {
    return (
      <main className="register-main">
        <RegisterTill boot={data.boot} />
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>{t("till.register.notRegister")}</h1>
      <p role="alert">{data.refused === "unpaired" ? t("till.register.refused.unpaired") : t("till.register.refused.notPaired")}</p>
      <p>
        {t.rich("till.register.howToPair", {
          link: (chunks) => <Link to="/login?next=/shops">{chunks}</Link>,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
