import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/support/chromium";
import { E2E_BASE_URL as baseURL, E2E_PORT as port, SMTP_PORT } from "./tests/e2e/ports";

/**
 * End-to-end tests against a production build (`next build` runs before), on the embedded database by
 * default or on PostgreSQL when DATABASE_URL says so. One worker: the tests share one server and each
 * file restores the demo world first. Chromium is Debian's (scripts/ensure-chromium.sh), overridable
 * with CHROMIUM_PATH.
 */
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      MYOPENIP_TEST_BUILD: "1",
      AUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
      DATABASE_URL: process.env.DATABASE_URL ?? ".data/e2e-pglite",
    },
  },
});
