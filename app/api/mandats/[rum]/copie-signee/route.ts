import { getActor } from "@/lib/server/authz";
import { mandateDownloadResponse } from "@/lib/server/mandates";

export const dynamic = "force-dynamic";

/** The signed mandate as uploaded (PDF, PNG or JPEG), for whoever sees its billing account. */
export async function GET(_request: Request, { params }: { params: Promise<{ rum: string }> }) {
  const { rum } = await params;
  return mandateDownloadResponse(await getActor(), rum, "signed-copy");
}
