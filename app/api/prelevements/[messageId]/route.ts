import { getActor } from "@/lib/server/authz";
import { directDebitFileResponse } from "@/lib/server/direct-debits";

export const dynamic = "force-dynamic";

/** A stored pain.008 file (ADV, SPEC §13): produced once, never changed. */
export async function GET(_request: Request, { params }: { params: Promise<{ messageId: string }> }) {
  const { messageId } = await params;
  return directDebitFileResponse(await getActor(), messageId.replace(/\.xml$/, ""));
}
