import "server-only";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyLogin } from "@/lib/server/login";
import { requestInfo } from "@/lib/server/request-info";
import { now } from "@/lib/server/clock";
import { openSession, revokeSession } from "@/lib/server/sessions";
import { usesSecureCookies } from "@/lib/server/session-token";

declare module "next-auth" {
  interface User {
    sessionId?: string;
    sessionEnd?: number;
  }
}

/**
 * Auth.js v5, credentials only, JWT session. The token carries the user id, the id of its `Session` row
 * (lib/server/sessions.ts) and the current universe; `requireActor` re-reads the user and the row on every
 * request, so a deactivated user or company, a revoked or too old session, is refused at once. Pages and
 * actions read the session with `readSession` (lib/server/session-token.ts), not Auth.js' `auth()`.
 * Apart from lib/server/auth.ts, which imports `next` through next-auth, so that tests run it with @auth/core.
 */
export const authConfig = {
  trustHost: true,
  useSecureCookies: usesSecureCookies(),
  // The cookie slides by 8 h; the row ends 12 h after login whatever the cookie says (SPEC §17).
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/connexion", error: "/connexion" },
  logger: {
    // A refused login is an expected outcome, recorded as a LoginAttempt: no stack trace in the server's log.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth][error]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { identifier: {}, password: {} },
      async authorize(credentials) {
        const identifier = String(credentials?.identifier ?? "");
        const password = String(credentials?.password ?? "");
        const request = await requestInfo();
        const result = await verifyLogin(identifier, password, request.ip);
        if (!result.ok) return null;
        const opened = await openSession(result.userId, request);
        return { id: String(result.userId), sessionId: opened.id, sessionEnd: opened.expiresAt.getTime() };
      },
    }),
  ],
  events: {
    // Also a sign-out through Auth.js' own endpoint, not only the portal's logout action.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid === "string" && typeof token.uid === "number") await revokeSession(token.sid, token.uid);
    },
  },
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user) {
        token.uid = Number(user.id);
        token.sid = user.sessionId;
        token.end = user.sessionEnd;
        token.universe = null;
        return token;
      }
      // /api/auth/session re-signs the cookie for 8 more hours: never past the session's absolute end.
      if (typeof token.end !== "number" || now().getTime() >= token.end) return null;
      if (trigger === "update" && session && typeof session.universe === "string") {
        // Only a hint: requireActor checks it against the company's universes on every request.
        token.universe = session.universe;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, universe: (token.universe as string | null) ?? null };
    },
  },
} satisfies NextAuthConfig;
