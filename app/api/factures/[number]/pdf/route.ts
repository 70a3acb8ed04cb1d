import { getActor } from "@/lib/server/authz";
import { documentResponse } from "@/lib/server/invoices";

export const dynamic = "force-dynamic";

/** The stored Factur-X PDF of an invoice (produced once, at issue). */
export async function GET(_request: Request, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  return documentResponse(await getActor(), /^F/i.test(number) ? number : "");
}
