// Vitest setupFile of the integration project: runs before each test file, in its module context.
// Each test file gets its own fresh, migrated database and the process-wide `db` points at it.
import { afterAll, beforeAll } from "vitest";
import { createPrismaClient, setDb, type Db } from "@/lib/server/db";
import { createTestDatabase, setCurrentTestDatabase, type TestDatabase } from "./support/db";

let database: TestDatabase | undefined;
let client: Db | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createPrismaClient(database.connection);
  setDb(client);
  setCurrentTestDatabase(database);
});

afterAll(async () => {
  // Disconnect first: PostgreSQL's DROP DATABASE … WITH (FORCE) would cut live connections anyway,
  // and the pg pool would then log errors.
  await client?.$disconnect();
  setCurrentTestDatabase(undefined);
  await database?.drop();
});
