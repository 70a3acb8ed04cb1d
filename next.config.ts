import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Not no-referrer: browsers would then send `Origin: null` with forms, and Next refuses such server actions.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

/**
 * A build made for the tests (`npm run build:test`, MYOPENIP_TEST_BUILD=1 at build and at start): it goes to
 * `.next-test` and compiles in the files named `*.test-build.ts` (the test hooks). A production build
 * (`npm run build`, `.next`) has none of them, whatever the environment it later runs in.
 */
const testBuild = process.env.MYOPENIP_TEST_BUILD === "1";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  distDir: testBuild ? ".next-test" : ".next",
  pageExtensions: testBuild ? ["tsx", "ts", "test-build.ts"] : ["tsx", "ts"],
  // Inlined at build time (lib/build.ts): the running code knows which build it is, whatever its environment.
  env: { MYOPENIP_TEST_BUILD: testBuild ? "1" : "0" },
  // Forms only: the largest, a terms version (200,000 characters), is at most 600 KB; the CSV uploads go to /api/imports/.
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "nodemailer", "@e-invoice-eu/core", "@cantoo/pdf-lib", "@pdf-lib/fontkit", "xmllint-wasm", "sepa"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Pages get their policy with a nonce from proxy.ts; API responses run no script.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" }] },
    ];
  },
};

export default nextConfig;
