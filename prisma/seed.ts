// The demo usage goes through lib/server modules marked `server-only` (see seedUsage in demo-world.ts).
import "../scripts/server-only-shim.mjs";
import { createPrismaClient, openConnection, setDb } from "@/lib/server/db";
import { seedDemoWorld } from "./demo-world";

if (process.env.NODE_ENV === "production") {
  console.error("seed: refused, a production start never seeds demo data");
  process.exit(1);
}
const connection = openConnection();
const client = createPrismaClient(connection);
setDb(client);
const created = await seedDemoWorld(client);
console.log(created ? "seed: demo world created" : "seed: demo world already present");
await client.$disconnect();
await connection.close();
