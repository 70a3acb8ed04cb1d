import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyLogin } from "@/lib/server/login";
import { requestInfo } from "@/lib/server/request-info";
import { grantedSessionVersion } from "@/lib/server/session-version";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
}

/**
 * Auth.js v5, credentials only, JWT session. The token carries the user id, the session version (bumped
 * to end every session of a user) and the current universe; `requireActor` re-reads the user on every
 * request, so a deactivated user or company, or an older session, is refused at once. Pages and actions
 * read the session with `readSession` (lib/server/session-token.ts), not Auth.js' `auth()`.
 */
export const { handlers, signIn, signOut, unstable_update } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/connexion", error: "/connexion" },
  logger: {
    // A refused login is an expected outcome, recorded as a LoginAttempt: no stack trace in the server's log.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error("[auth][error]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { identifier: {}, password: {} },
      async authorize(credentials) {
        const identifier = String(credentials?.identifier ?? "");
        const password = String(credentials?.password ?? "");
        const { ip } = await requestInfo();
        const result = await verifyLogin(identifier, password, ip);
        if (!result.ok) return null;
        return { id: String(result.userId), sessionVersion: result.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user) {
        token.uid = Number(user.id);
        token.sv = user.sessionVersion ?? 0;
        token.universe = null;
      }
      if (trigger === "update" && session && typeof session.universe === "string") {
        // Only a hint: requireActor checks it against the company's universes on every request.
        token.universe = session.universe;
      }
      if (trigger === "update") {
        // A password change from *Mon profil* keeps its own session, and only with a grant (lib/server/session-version.ts).
        const sv = grantedSessionVersion(token, session);
        if (sv !== null) token.sv = sv;
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        uid: token.uid as number,
        sv: token.sv as number,
        universe: (token.universe as string | null) ?? null,
      };
    },
  },
});
