import { defineConfig } from "prisma/config";

// No env("DATABASE_URL") here: it would make `prisma generate` fail when the variable is unset (STACK.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
