import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/support/chromium";

/**
 * The system suite (tests/system, issue 10): production instances of the current build started by the
 * tests themselves on one PostgreSQL database (DATABASE_URL's server), the jobs as separate processes,
 * and faults. Run by `npm run test:system` and by .ci/run; one worker, the tests share the instances.
 */
export default defineConfig({
  testDir: "tests",
  // The system suite, and the checks of tests/security that need real sockets or a production build.
  testMatch: ["system/**/*.spec.ts", "security/**/*.spec.ts"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  forbidOnly: true,
  reporter: [["list"]],
  use: {
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
});
