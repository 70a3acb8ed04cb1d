import type { Tx } from "@/lib/server/db";

/**
 * Next number of a gapless series, taken inside the caller's transaction: the row lock held by the
 * UPDATE serialises concurrent issuers, and a rollback gives the number back.
 */
export async function nextNumber(tx: Tx, name: string, start = 1): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "Counter" ("name", "value") VALUES (${name}, ${start})
    ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + 1
    RETURNING "value"`;
  return Number(rows[0].value);
}

/** A block of `count` consecutive numbers of a series (its first), in the caller's transaction. */
export async function nextNumbers(tx: Tx, name: string, count: number, start = 1): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "Counter" ("name", "value") VALUES (${name}, ${start + count - 1})
    ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + ${count}
    RETURNING "value"`;
  return Number(rows[0].value) - count + 1;
}
