import { getActor } from "@/lib/server/authz";
import { mandateDownloadResponse } from "@/lib/server/mandates";

export const dynamic = "force-dynamic";

/** The SEPA mandate form to sign (SPEC §12), drawn on request from the mandate as it stands. */
export async function GET(_request: Request, { params }: { params: Promise<{ rum: string }> }) {
  const { rum } = await params;
  return mandateDownloadResponse(await getActor(), rum, "form");
}
