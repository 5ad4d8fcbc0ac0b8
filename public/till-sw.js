/* global self, caches */
// The register till's service worker (issue 22): the till page and its code
// answer from the cache when the network does not. The page itself fills
// the cache (app/components/register-till.tsx) with what it loaded, so this
// worker never guesses the build's file names.
const CACHE = "nearshop-till-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  const page = request.mode === "navigate";
  // The page: the network first (fresh code and data), the cache without one.
  // Built files never change under one name: the cache first.
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (!page) {
        const hit = await cache.match(request);
        if (hit) return hit;
      }
      try {
        const fresh = await fetch(request);
        if (fresh.ok && (page || url.pathname.startsWith("/build/"))) await cache.put(request, fresh.clone());
        return fresh;
      } catch (error) {
        const hit = await cache.match(request, { ignoreSearch: page });
        if (hit) return hit;
        throw error;
      }
    })(),
  );
});
