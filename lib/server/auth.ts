import "server-only";
import NextAuth from "next-auth";
import { authConfig } from "@/lib/server/auth-config";

/** Auth.js' handlers and server functions over the portal's configuration (lib/server/auth-config.ts). */
export const { handlers, signIn, signOut, unstable_update } = NextAuth(authConfig);
