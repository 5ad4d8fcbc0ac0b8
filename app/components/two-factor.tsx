import { useT } from "../lib/i18n";
/** The scannable secret of a new authenticator, with the same secret in letters for typing. */
export function TotpSetup({ setup }: { setup: { secret: string; qrSvg: string } }) {
  const grouped = setup.secret.match(/.{1,4}/g)?.join(" ") ?? setup.secret;
  const t = useT();
  return (
    <div className="totp-setup">
      {/* The SVG is drawn by the qrcode library from our own otpauth:// address: no outside markup. */}
      <div className="totp-qr" role="img" aria-label={t("account.twoFactor.qr")} dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      <p>
        {t("account.twoFactor.cannotScan")}{" "}
        <code className="totp-secret" data-testid="totp-secret">
          {grouped}
        </code>
      </p>
    </div>
  );
}

/** Recovery codes, shown once: each signs in once without the phone. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  const file = `${t("account.twoFactor.fileHeading")}\n${t("account.twoFactor.fileOnce")}\n\n${codes.join("\n")}\n`;
  return (
    <section className="banner" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t("account.twoFactor.codesHeading")}</h2>
      <p>{t("account.twoFactor.codesKeep")}</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(file)}`} download="nearshop-recovery-codes.txt">
          {t("account.twoFactor.download")}
        </a>
      </p>
    </section>
  );
}
