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
