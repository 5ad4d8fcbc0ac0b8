import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Account erased · Nearshop" }];

export default function AccountErased() {
  return (
    <main className="narrow">
      <h1>Your account has been erased</h1>
      <p>Your personal data has been removed. The shops keep your past orders, with their amounts, without your name or contact details.</p>
      <p>
        <Link to="/">Back to Nearshop</Link>
      </p>
    </main>
  );
}
