/**
 * Which build is running. `MYOPENIP_TEST_BUILD` is inlined by next.config's `env` at `next build`, so a
 * production build stays one whatever its environment; outside Next (scripts, vitest) it is read at run time.
 */
export const testBuild = process.env.MYOPENIP_TEST_BUILD === "1";

/** A build made for production: `next build` without MYOPENIP_TEST_BUILD, running with NODE_ENV=production. */
export const productionBuild = process.env.NODE_ENV === "production" && !testBuild;
