import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Check your inbox · Nearshop" }];

export function loader({ request }: LoaderFunctionArgs) {
  const reason = new URL(request.url).searchParams.get("for");
  return { reason: reason === "reset" || reason === "join" ? reason : "signup" };
}

export default function CheckInbox() {
  const { reason } = useLoaderData<typeof loader>();
  return (
    <main className="narrow">
      <h1>Check your inbox</h1>
      {reason === "reset" ? (
        <p>If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.</p>
      ) : reason === "join" ? (
        <p>We have sent you an email. Open the link in it to confirm your address; then you can log in and see your orders.</p>
      ) : (
        <p>We have sent you an email. Open the link in it to confirm your address and open your shop.</p>
      )}
    </main>
  );
}
