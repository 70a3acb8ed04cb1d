import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedDemoWorld } from "./demo-world";

/** Empties every table (migrations kept) and seeds the demo world again: a test's fresh start. */
export async function resetDemoWorld(client: PrismaClient) {
  const tables = await client.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length > 0) {
    await client.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
  }
  await seedDemoWorld(client);
}
