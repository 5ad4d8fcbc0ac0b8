import { metrics } from "../../server/metrics/metrics.server";

/** What a stream's opener gets: send a block of text, end the stream (teardown runs once). */
export type StreamControls = { send: (text: string) => void; end: () => void };

/**
 * A server-sent-events response, with the plumbing every stream needs: the
 * open-streams gauge counted up and down once, the teardown (unsubscribe,
 * timers) run exactly once whether the browser leaves, the server ends it
 * or a write fails, and the headers that keep proxies from buffering.
 * `start` subscribes and returns its teardown.
 */
export function eventStream(request: Request, start: (controls: StreamControls) => Promise<() => Promise<void> | void>, retryMs = 3000): Response {
  const encoder = new TextEncoder();
  let end = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let teardown: (() => Promise<void> | void) | null = null;
      end = () => {
        if (!open) return;
        open = false;
        metrics.sseOpen.dec();
        void Promise.resolve(teardown?.()).catch(() => undefined);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      metrics.sseOpen.inc();
      request.signal.addEventListener("abort", () => end());
      teardown = await start({ send, end: () => end() });
      // Ended while subscribing (the browser left): undo the subscription now.
      if (!open) await Promise.resolve(teardown()).catch(() => undefined);
      else send(`retry: ${retryMs}\n: connected\n\n`);
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
