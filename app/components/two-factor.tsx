/** The scannable secret of a new authenticator, with the same secret in letters for typing. */
export function TotpSetup({ setup }: { setup: { secret: string; qrSvg: string } }) {
  const grouped = setup.secret.match(/.{1,4}/g)?.join(" ") ?? setup.secret;
  return (
    <div className="totp-setup">
      {/* The SVG is drawn by the qrcode library from our own otpauth:// address: no outside markup. */}
      <div className="totp-qr" role="img" aria-label="QR code to scan with your authenticator app" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      <p>
        Cannot scan? Type this key into the app instead:{" "}
        <code className="totp-secret" data-testid="totp-secret">
          {grouped}
        </code>
      </p>
    </div>
  );
}

/** Recovery codes, shown once: each signs in once without the phone. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const file = `Nearshop recovery codes\nEach code works once.\n\n${codes.join("\n")}\n`;
  return (
    <section className="banner" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Your recovery codes</h2>
      <p>Keep these somewhere safe (a password manager, or printed). Each one signs you in once if you lose your phone. They are shown only now.</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(file)}`} download="nearshop-recovery-codes.txt">
          Download as a text file
        </a>
      </p>
    </section>
  );
}
