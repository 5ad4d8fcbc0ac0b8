/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  // Routes reach the server through the load context (the tRPC caller), so
  // nothing from server/ is bundled twice.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off: with a few dozen routes the whole route manifest is one small,
    // cached script, while lazy discovery made the server match every parent
    // path of each page against all routes again to inline a partial manifest
    // in the HTML (about 14 % of a back-office page's throughput, measured:
    // docs/decisions/0012-page-speed.md).
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};
