import { z } from "zod";
import { isValidDay } from "@/lib/domain/calendar-day";
import { multiLineText } from "@/lib/domain/text";

/** The *Résilier* form's fields, for an OC and for one OpenSIM line alike (SPEC §3). */
export const terminationSchema = z.object({
  requestedOn: z.string().refine(isValidDay, "Choisissez une date de résiliation souhaitée valide."),
  comment: multiLineText()
    .max(2000, "Les commentaires ne doivent pas dépasser 2 000 caractères.")
    .transform((c) => c || null),
});
