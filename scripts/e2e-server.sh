#!/usr/bin/env bash
# The server the end-to-end suite runs against: a fresh database with the demo world, then the
# build made for the tests (`npm run build:test`, run beforehand by `npm run test:e2e`).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${DATABASE_URL}" in
  postgres://*|postgresql://*) ;;
  *) rm -rf "${DATABASE_URL}" ;;
esac
npx tsx scripts/migrate.ts
# The mail sink starts with the tests: the seed keeps its mail in the database only.
SMTP_URL= npx tsx prisma/seed.ts
exec node dist/server.mjs
