import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const styles = {
  body: { backgroundColor: "#f6f6f4", fontFamily: "Helvetica, Arial, sans-serif", color: "#1c1c1a" },
  container: { backgroundColor: "#ffffff", margin: "24px auto", padding: "32px", maxWidth: "520px", borderRadius: "8px" },
  button: { backgroundColor: "#1f6f4a", color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontWeight: 600 },
  small: { color: "#6b6b66", fontSize: "13px" },
};

export function EmailLayout(props: { preview: string; heading: string; children: ReactNode; action?: { label: string; url: string }; footnote?: string }) {
  return (
    <Html lang="en">
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
              <Text style={styles.small}>Or paste this link into your browser: {props.action.url}</Text>
            </Section>
          ) : null}
          <Hr />
          <Text style={styles.small}>{props.footnote ?? "Nearshop: your neighbourhood's shops, online."}</Text>
        </Container>
      </Body>
    </Html>
  );
}
