// Keeps an OAuth access token usable: renews it a margin before `expiresAt` (refresh token for
// the authorization-code flow, a new grant for client credentials), once more after a 401, and
// reports "needs-reauthorization" when renewal is refused, so the Connections page can offer
// Reauthorize. Concurrent calls share one renewal: a burst of requests at expiry must not spend
// (and, with rotation, invalidate) the refresh token several times.
import { NeedsReauthorizationError } from '../errors';
import type { AuthProvider } from './auth-provider';
import type { SignalLike } from './fetch-types';
import type { TokenSet } from './token-endpoint';
import {
  clientCredentials,
  refreshTokens,
  type ExchangeMode,
  type GrantContext,
} from './token-grants';

export type TokenStatus = 'active' | 'needs-reauthorization';

/** Gets fresh tokens; throws NeedsReauthorizationError or AuthorizationError when refused. */
export type Renew = (current: TokenSet | null, signal?: SignalLike) => Promise<TokenSet>;

export interface TokenHolderOptions {
  tokens: TokenSet | null;
  now: () => number;
  /** How long before expiry to renew (default 60 s). */
  marginMs?: number;
  /** Absent when the tokens cannot be renewed (no refresh token). */
  renew?: Renew;
  /** Called with new tokens (to store them) and on every status change. */
  onChange?: (tokens: TokenSet | null, status: TokenStatus) => void;
  /** Secrets besides the tokens (a client secret), for redaction. */
  extraSecrets?: string[];
}

const REAUTH = 'The sign-in to Qualtrics has expired or was revoked. Reauthorize this connection.';

function isRefusal(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'NeedsReauthorizationError' || err.name === 'AuthorizationError')
  );
}

/** An OAuth credential that renews itself; use it as the AuthProvider of QualtricsHttp. */
export class TokenHolder implements AuthProvider {
  readonly kind = 'bearer' as const;
  #tokens: TokenSet | null;
  #status: TokenStatus = 'active';
  #renewing: Promise<TokenSet> | null = null;
  readonly #o: TokenHolderOptions;

  constructor(options: TokenHolderOptions) {
    this.#o = options;
    this.#tokens = options.tokens;
  }

  get status(): TokenStatus {
    return this.#status;
  }

  get tokens(): TokenSet | null {
    return this.#tokens;
  }

  secrets(): string[] {
    const t = this.#tokens;
    return [t?.accessToken ?? '', t?.refreshToken ?? '', ...(this.#o.extraSecrets ?? [])].filter(
      (s) => s !== '',
    );
  }

  async headers(signal?: SignalLike): Promise<Record<string, string>> {
    if (this.#status === 'needs-reauthorization') throw new NeedsReauthorizationError(REAUTH);
    const t = this.#tokens;
    const now = this.#o.now();
    const due = !t || now >= t.expiresAt - (this.#o.marginMs ?? 60_000);
    if (due && this.#o.renew) {
      try {
        await this.#renew(signal);
      } catch (err) {
        // Within the margin the old token still works: a blocked or failed renewal need not stop the call.
        if (isRefusal(err) || !t || now >= t.expiresAt) throw err;
      }
    } else if (due && (!t || now >= t.expiresAt)) {
      this.#setStatus('needs-reauthorization');
      throw new NeedsReauthorizationError(REAUTH);
    }
    return { Authorization: `Bearer ${this.#tokens!.accessToken}` };
  }

  async refresh(signal?: SignalLike): Promise<boolean> {
    if (!this.#o.renew || this.#status === 'needs-reauthorization') return false;
    try {
      await this.#renew(signal);
      return true;
    } catch (err) {
      if (isRefusal(err)) return false;
      throw err;
    }
  }

  rejected(): void {
    this.#setStatus('needs-reauthorization');
  }

  /** Replaces the tokens (after a new authorization) and marks the connection active. */
  replace(tokens: TokenSet): void {
    this.#tokens = tokens;
    this.#status = 'active';
    this.#o.onChange?.(tokens, 'active');
  }

  #renew(signal?: SignalLike): Promise<TokenSet> {
    this.#renewing ??= this.#o.renew!(this.#tokens, signal)
      .then(
        (tokens) => {
          this.replace(tokens);
          return tokens;
        },
        (err: unknown) => {
          if (isRefusal(err)) {
            this.#setStatus('needs-reauthorization');
            throw new NeedsReauthorizationError(err instanceof Error ? err.message : REAUTH);
          }
          throw err;
        },
      )
      .finally(() => (this.#renewing = null));
    return this.#renewing;
  }

  #setStatus(status: TokenStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#o.onChange?.(this.#tokens, status);
  }
}

/** A holder for authorization-code tokens: renews with the refresh token when one was issued. */
export function authCodeHolder(
  ctx: Omit<GrantContext, 'signal'>,
  mode: ExchangeMode,
  options: Omit<TokenHolderOptions, 'renew' | 'now'>,
): TokenHolder {
  const renew: Renew = (current, signal) => {
    if (!current?.refreshToken) return Promise.reject(new NeedsReauthorizationError(REAUTH));
    return refreshTokens({ ...ctx, signal }, mode, current.refreshToken).then((t) => ({
      ...t,
      // Qualtrics may not rotate the refresh token; keep the old one then.
      refreshToken: t.refreshToken ?? current.refreshToken,
    }));
  };
  return new TokenHolder({
    ...options,
    now: ctx.now,
    renew,
    extraSecrets: [
      ...(options.extraSecrets ?? []),
      ...(mode.kind === 'secret' ? [mode.clientSecret] : []),
    ],
  });
}

/** A holder for client credentials: "renewal" is a new grant. */
export function clientCredentialsHolder(
  ctx: Omit<GrantContext, 'signal'>,
  clientSecret: string,
  scopes: readonly string[],
  options: Omit<TokenHolderOptions, 'renew' | 'now'>,
): TokenHolder {
  return new TokenHolder({
    ...options,
    now: ctx.now,
    renew: (_current, signal) => clientCredentials({ ...ctx, signal }, clientSecret, scopes),
    extraSecrets: [...(options.extraSecrets ?? []), clientSecret],
  });
}
