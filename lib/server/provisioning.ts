import "server-only";
import type { Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The one way to the network (SPEC §4, issue 6): every network-facing action on a line or a SIP trunk goes
 * through `provision`, which sends the request and records it with its outcome. Callers change the
 * resource only when the outcome is a success.
 */
export type NetworkAction = "ACTIVATION" | "SUSPENSION" | "REACTIVATION" | "CHANGEMENT_RESSOURCE" | "SMS" | "MESSAGERIE" | "RESILIATION";

export const NETWORK_ACTION_LABELS: Record<NetworkAction, string> = {
  ACTIVATION: "Activation",
  SUSPENSION: "Suspension",
  REACTIVATION: "Réactivation",
  CHANGEMENT_RESSOURCE: "Changement de ressource",
  SMS: "Envoi d'un SMS",
  MESSAGERIE: "Réinitialisation du mot de passe de messagerie",
  RESILIATION: "Résiliation",
};

export type NetworkRequest = { action: NetworkAction; resourceRef: string; payload: Record<string, string | null> };
export type NetworkOutcome = { ok: true } | { ok: false; error: string };

/** The operator's mobile network platform, as the portal sees it. */
export interface MobileNetwork {
  send(request: NetworkRequest): Promise<NetworkOutcome>;
}

/**
 * Until the operator's platform API is connected, a simulated network accepts every request; tests
 * (and the e2e test API) make the next requests fail to exercise the failure path.
 */
class SimulatedNetwork implements MobileNetwork {
  failures: string[] = [];
  async send(): Promise<NetworkOutcome> {
    const error = this.failures.shift();
    return error ? { ok: false, error } : { ok: true };
  }
}

const holder = globalThis as unknown as { __myopenipNetwork?: MobileNetwork; __myopenipSimulated?: SimulatedNetwork };

function simulated(): SimulatedNetwork {
  holder.__myopenipSimulated ??= new SimulatedNetwork();
  return holder.__myopenipSimulated;
}

export function mobileNetwork(): MobileNetwork {
  return holder.__myopenipNetwork ?? simulated();
}

/** Replaces the network (null: back to the simulated one). */
export function setMobileNetwork(network: MobileNetwork | null) {
  holder.__myopenipNetwork = network ?? undefined;
}

/** The simulated network refuses the next `count` requests with `error`. */
export function failNextNetworkRequests(count: number, error = "Plateforme réseau indisponible") {
  simulated().failures.push(...Array.from({ length: count }, () => error));
}

const TIMEOUT_MS = 10_000;

function withTimeout(promise: Promise<NetworkOutcome>): Promise<NetworkOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<NetworkOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: "Le réseau mobile n'a pas répondu à temps" }), TIMEOUT_MS);
  });
  return Promise.race([promise.catch((error: unknown) => ({ ok: false as const, error: String((error as Error)?.message ?? error) })), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends one request and records it, with its outcome, in the caller's transaction; the caller holds
 * the row lock of the SIM resource (`resourceId`) or SIP trunk (`serviceId`, SPEC §17), so two actions on
 * one line never reach the network at once.
 */
export async function provision(tx: Tx, request: NetworkRequest & ({ resourceId: number } | { serviceId: number }) & { actorId: number | null }): Promise<NetworkOutcome> {
  const requestedAt = now();
  const outcome = await withTimeout(mobileNetwork().send({ action: request.action, resourceRef: request.resourceRef, payload: request.payload }));
  await tx.provisioningRequest.create({
    data: {
      ...("resourceId" in request ? { resourceId: request.resourceId } : { serviceId: request.serviceId }),
      action: request.action,
      payload: request.payload as Prisma.InputJsonValue,
      status: outcome.ok ? "REUSSIE" : "ECHOUEE",
      error: outcome.ok ? null : outcome.error.slice(0, 500),
      requestedAt,
      completedAt: now(),
      actorId: request.actorId,
    },
  });
  return outcome;
}

/** The French message for a refused request: the line is unchanged. */
export function networkFailureMessage(error: string): string {
  return `La demande n'a pas abouti auprès du réseau mobile (${error}) : la ligne n'a pas été modifiée. Réessayez plus tard.`;
}

/** Transaction options for an action that waits for the network inside its transaction. */
export const NETWORK_TX = { timeout: TIMEOUT_MS + 5_000, maxWait: 10_000 } as const;
