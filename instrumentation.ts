/** Next.js calls this once when the server starts: the in-process jobs of the embedded database. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInProcessJobs } = await import("@/lib/server/jobs");
  startInProcessJobs();
}
