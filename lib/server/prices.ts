import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { formatDay, parisDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { increaseRightUntil, increaseTerminationEnd, priceOn, sheetFee, totalFee, type PriceBook } from "@/lib/domain/prices";

/** The price books (own fees and dated versions) of `offerIds`, read in the caller's transaction. */
export async function loadPriceBooks(tx: Pick<Tx, "offer">, offerIds: number[]): Promise<Map<number, PriceBook>> {
  const offers = await tx.offer.findMany({
    where: { id: { in: [...new Set(offerIds)] } },
    select: { id: true, monthlyFeeCents: true, oneOffFeeCents: true, prices: { select: { effectiveOn: true, monthlyFeeCents: true, oneOffFeeCents: true } } },
  });
  return new Map(
    offers.map((o) => [
      o.id,
      {
        base: { monthlyFeeCents: o.monthlyFeeCents, oneOffFeeCents: o.oneOffFeeCents },
        versions: o.prices.map((p) => ({ effectiveOn: formatDay(p.effectiveOn), monthlyFeeCents: p.monthlyFeeCents, oneOffFeeCents: p.oneOffFeeCents })),
      },
    ]),
  );
}

type BilledSheets = { offerId: number; productSheets: { offerId: number; quantity: number; monthlyFeeCents: number; followsCatalogue: boolean }[] };

/** An OC's monthly fee on `day`: its sheets at the prices in force that day, or their negotiated fees (SPEC §17). */
export async function ocFeeOn(oc: BilledSheets, day: CalendarDay, tx: Pick<Tx, "offer"> = db): Promise<number> {
  const books = await loadPriceBooks(tx, oc.productSheets.map((s) => s.offerId));
  return totalFee(oc.productSheets.map((s) => sheetFee(s, books.get(s.offerId)))).on(day);
}

/**
 * The termination right a price increase gives on an OC (SPEC §11, art. 13): while it lasts on `day`, the OC may end
 * the day before the new price with no notice and no early-termination amount. The earliest such end, or null. Only
 * sheets billed at the catalogue's price are concerned (a negotiated price does not change).
 */
export async function priceIncreaseRight(oc: BilledSheets, day: CalendarDay, tx: Pick<Tx, "offerPrice"> = db) {
  const offerIds = oc.productSheets.filter((s) => s.followsCatalogue).map((s) => s.offerId);
  if (offerIds.length === 0) return null;
  const increases = await tx.offerPrice.findMany({
    where: { offerId: { in: offerIds }, noticeSentAt: { not: null }, effectiveOn: { gt: parseDay(day) } },
    orderBy: { effectiveOn: "asc" },
    select: { effectiveOn: true, noticeSentAt: true, monthlyFeeCents: true, offer: { select: { name: true } } },
  });
  for (const increase of increases) {
    const effectiveOn = formatDay(increase.effectiveOn);
    const noticeOn = parisDay(increase.noticeSentAt!);
    const endOn = increaseTerminationEnd({ effectiveOn, noticeOn }, day);
    if (endOn) return { endOn, newPriceOn: effectiveOn, until: increaseRightUntil({ effectiveOn, noticeOn }), offerName: increase.offer.name, monthlyFeeCents: increase.monthlyFeeCents };
  }
  return null;
}

/** Offers with their fees replaced by the price in force on `day` (what the catalogue shows and an order records). */
export async function withPricesOn<T extends { id: number; monthlyFeeCents: number; oneOffFeeCents: number }>(offers: T[], day: CalendarDay): Promise<T[]> {
  const books = await loadPriceBooks(db, offers.map((o) => o.id));
  return offers.map((o) => ({ ...o, ...priceOn(books.get(o.id)!, day) }));
}
