import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { ApiError } from '../common/api.error';
import { CONFIG, type RegistryConfigService } from '../common/registry-config.provider';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { issueAccessToken, verifyAccessToken } from './access-token';
import { LoginThrottle } from './login-throttle';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password.hasher';
import { isRole, SERVICE_PRINCIPAL, type Principal, type Role } from './principal';
import { accessTokenSecret, safeEqual, sha256Hex } from './service-token';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Logins, sessions (rotating refresh tokens) and turning a bearer token into a Principal. */
@Injectable()
export class AuthService {
  private readonly secret: Buffer;
  private readonly throttle = new LoginThrottle();

  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    @Inject(CONFIG) private readonly config: RegistryConfigService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.secret = accessTokenSecret(config.get('SWITCHYARD_TOKEN_SECRET'), config.get('SWITCHYARD_MASTER_KEY'));
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const now = Date.now();
    const wait = this.throttle.retryAfterMs(email, now);
    if (wait > 0) {
      throw new ApiError(429, 'too_many_attempts', `too many failed logins; retry in ${Math.ceil(wait / 1000)} s`);
    }
    // Count the attempt before the slow part: a parallel burst must not get more guesses than the limit.
    this.throttle.recordFailure(email, now);
    const user = await this.db.user.findUnique({ where: { email: email.toLowerCase() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || user.disabled) {
      this.logger.warn({ reason: user ? (user.disabled ? 'disabled' : 'password') : 'unknown-email' }, 'login refused');
      throw ApiError.unauthorized('wrong e-mail or password');
    }
    this.throttle.recordSuccess(email);
    return this.startSession(user.id);
  }

  /** Rotates a refresh token: the old one is revoked, a new pair issued. Reuse of a revoked one ends every session. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: sha256Hex(refreshToken) } });
    if (!row) throw ApiError.unauthorized('invalid refresh token');
    if (row.revokedAt) {
      await this.db.refreshToken.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: new Date() } });
      this.logger.warn({ userId: row.userId }, 'revoked refresh token reused; all sessions of the user ended');
      throw ApiError.unauthorized('invalid refresh token');
    }
    if (row.expiresAt.getTime() <= Date.now()) throw ApiError.unauthorized('refresh token expired');
    const user = await this.db.user.findUnique({ where: { id: row.userId } });
    if (!user || user.disabled) throw ApiError.unauthorized('invalid refresh token');
    const revoked = await this.db.refreshToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count !== 1) throw ApiError.unauthorized('invalid refresh token');
    return this.startSession(row.userId);
  }

  /** Revokes the session of a refresh token (idempotent; unknown tokens are ignored). */
  async logout(refreshToken: string): Promise<void> {
    await this.db.refreshToken.updateMany({
      where: { tokenHash: sha256Hex(refreshToken), revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  /** Ends one session by id (logout with an access token). */
  async endSession(sessionId: string): Promise<void> {
    await this.db.refreshToken.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  /** A bearer token -> Principal (service token or access token); 401 otherwise. */
  async authenticate(token: string): Promise<{ principal: Principal; sessionId: string | null }> {
    if (safeEqual(token, this.config.get('SWITCHYARD_SERVICE_TOKEN'))) return { principal: SERVICE_PRINCIPAL, sessionId: null };
    const verified = verifyAccessToken(this.secret, token, Math.floor(Date.now() / 1000));
    if (!verified.ok) throw ApiError.unauthorized(verified.reason === 'expired' ? 'access token expired' : 'invalid access token');
    const { sub, sid } = verified.claims;
    const [user, session] = await Promise.all([
      this.db.user.findUnique({ where: { id: sub }, include: { memberships: true } }),
      this.db.refreshToken.findUnique({ where: { id: sid } }),
    ]);
    if (!user || user.disabled || !session || session.userId !== sub || session.revokedAt) {
      throw ApiError.unauthorized('session ended');
    }
    const memberships = new Map<string, Role>();
    for (const m of user.memberships) if (isRole(m.role)) memberships.set(m.workspaceId, m.role);
    return {
      principal: { kind: 'user', userId: user.id, email: user.email, platformAdmin: user.isPlatformAdmin, memberships },
      sessionId: sid,
    };
  }

  private async startSession(userId: string): Promise<TokenPair> {
    const refreshToken = `syr_${randomBytes(32).toString('base64url')}`;
    const refreshTtl = this.config.get('REFRESH_TOKEN_TTL_SECONDS');
    const accessTtl = this.config.get('ACCESS_TOKEN_TTL_SECONDS');
    const session = await this.db.refreshToken.create({
      data: { userId, tokenHash: sha256Hex(refreshToken), expiresAt: new Date(Date.now() + refreshTtl * 1000) },
    });
    const iat = Math.floor(Date.now() / 1000);
    const accessToken = issueAccessToken(this.secret, { sub: userId, sid: session.id, iat, exp: iat + accessTtl });
    return { tokenType: 'Bearer', accessToken, expiresIn: accessTtl, refreshToken, refreshExpiresIn: refreshTtl };
  }
}
