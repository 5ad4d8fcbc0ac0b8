import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { RegisterTill } from "../components/register-till";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.boot?.register.name ?? "Register"} · Till · Nearshop` }];

/**
 * The paired register's till. No one's session opens it: the register's
 * cookie does, and a PIN signs each person in to this till only.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return { boot: await context.trpc.till.boot(), refused: null };
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN")) {
      return { boot: null, refused: error.message };
    }
    throw error;
  }
}

export default function TillPage() {
  const data = useLoaderData<typeof loader>();
  if (data.boot) {
    return (
      <main className="register-main">
        <RegisterTill boot={data.boot} />
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>This browser is not a register</h1>
      <p role="alert">{data.refused}</p>
      <p>
        A manager <Link to="/login?next=/shops">logs in</Link>, opens the shop's <strong>Registers</strong> page and chooses “Pair this browser”.
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
