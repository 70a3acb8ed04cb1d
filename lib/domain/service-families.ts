import type { ServiceFamily, ServiceType } from "@/lib/generated/prisma/enums";

/** The service an offer of each family becomes on delivery (SPEC §4, §6). */
export const SERVICE_TYPE_OF_FAMILY: Record<ServiceFamily, ServiceType> = {
  IP_ACCESS_FIBRE: "ACCES_IP",
  IP_ACCESS_COPPER: "ACCES_IP",
  IP_ACCESS_CELLULAR: "ACCES_IP",
  IP_TELEPHONY: "TELEPHONIE_IP",
  OPENSIM: "OPENSIM",
  OPTION: "OPTION",
};
