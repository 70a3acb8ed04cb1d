import { getActor } from "@/lib/server/authz";
import { mandateDownloadResponse } from "@/lib/server/mandates";
import { signedCopyUploadResponse } from "@/lib/server/signed-copy-upload";

export const dynamic = "force-dynamic";

/** The signed mandate as uploaded (PDF, PNG or JPEG), for whoever sees its billing account. */
export async function GET(_request: Request, { params }: { params: Promise<{ rum: string }> }) {
  const { rum } = await params;
  return mandateDownloadResponse(await getActor(), rum, "signed-copy");
}

/** *Déposer le mandat signé*: the upload (5 Mo at most), streamed within its own cap rather than a server action's. */
export async function POST(request: Request, { params }: { params: Promise<{ rum: string }> }) {
  const { rum } = await params;
  return signedCopyUploadResponse(request, rum);
}
