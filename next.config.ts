import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      // Next injects inline bootstrap scripts; a nonce-based policy would make every page dynamic anyway.
      `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  },
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
  // The staff upload of usage records (a CSV of up to 20 MB) is a server action: the default limit is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "21mb" } },
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "nodemailer", "@e-invoice-eu/core", "@cantoo/pdf-lib", "@pdf-lib/fontkit"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
