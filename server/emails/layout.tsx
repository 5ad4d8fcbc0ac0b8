import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const styles = {
  body: { backgroundColor: "#f6f6f4", fontFamily: "Helvetica, Arial, sans-serif", color: "#1c1c1a" },
  container: { backgroundColor: "#ffffff", margin: "24px auto", padding: "32px", maxWidth: "520px", borderRadius: "8px" },
  button: { backgroundColor: "#1f6f4a", color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontWeight: 600 },
  small: { color: "#6b6b66", fontSize: "13px" },
};

export type EmailLayoutProps = {
  preview: string;
  heading: string;
  children: ReactNode;
  action?: { label: string; url: string };
  footnote?: string;
  /** The message's language (customer emails: French or English). */
  lang?: string;
  /** "Or paste this link into your browser: <url>", in the message's language. */
  pasteLink?: string;
  /** To a customer who gets a shop's news and offers: why, and the link that stops them (docs/decisions/0033-i18n-messages.md). */
  marketing?: { text: string; linkLabel: string; url: string };
};

export function EmailLayout(props: EmailLayoutProps) {
  return (
    <Html lang={props.lang ?? "en"}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1">{props.heading}</Heading>
          {props.children}
          {props.action ? (
            <Section style={{ margin: "24px 0" }}>
              <Button href={props.action.url} style={styles.button}>
                {props.action.label}
              </Button>
              <Text style={styles.small}>{props.pasteLink ?? `Or paste this link into your browser: ${props.action.url}`}</Text>
            </Section>
          ) : null}
          <Hr />
          <Text style={styles.small}>{props.footnote ?? "Nearshop: your neighbourhood's shops, online."}</Text>
          {props.marketing ? (
            <Text style={styles.small}>
              {props.marketing.text}{" "}
              <Link href={props.marketing.url} style={{ color: "#6b6b66", textDecoration: "underline" }}>
                {props.marketing.linkLabel}
              </Link>
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}
