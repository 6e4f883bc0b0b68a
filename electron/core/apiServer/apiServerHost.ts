import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { type ApiServerStatus, type ApiTokenCreated, defaultApiServerPort } from '../../shared/apiServer.js';
import type { ApiServerPolicy } from '../../shared/policy.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { settingsColumn } from '../db/rows.js';
import { EnclaveError } from '../errors.js';
import { readSetting, writeSetting } from '../settings/store/settings.js';
import type { ApiServices } from './apiServices.js';
import { isLoopback, type RunningApiServer, startApiServer } from './httpServer.js';
import { clientForToken, createApiToken, listApiTokens, revokeApiToken } from './store/apiTokens.js';

const settingKey = 'apiServer';
const apiServerSettingSchema = z.object({ enabled: z.boolean(), port: z.number().int().min(1024).max(65535) });
type ApiServerSetting = z.infer<typeof apiServerSettingSchema>;
const defaultSetting: ApiServerSetting = { enabled: false, port: defaultApiServerPort };

export interface ApiServerHostDeps {
  db: Database;
  audit: AuditTrail;
  services: ApiServices;
  /** The policy's `apiServer` section in force now. */
  policy: () => ApiServerPolicy;
}

export interface StartOptions {
  /** Default: the port set in Settings. */
  port?: number;
  /** Default loopback (127.0.0.1); any other address only where the policy allows the network. */
  host?: string;
}

/**
 * The local API server of one process (the window's, or `enclave serve`): started and stopped as the
 * user asks and the machine policy allows, its clients' tokens, and every change in the audit trail.
 * A policy that stops allowing it while it runs stops it (`followPolicy`).
 */
export class ApiServerHost {
  private server: RunningApiServer | null = null;
  private problem: string | null = null;

  constructor(private readonly deps: ApiServerHostDeps) {}

  status(): ApiServerStatus {
    const policy = this.deps.policy();
    const setting = this.setting();
    return {
      allowedByPolicy: policy.enabled,
      enabled: setting.enabled,
      running: this.server !== null,
      url: this.server?.url ?? null,
      port: setting.port,
      allowLan: policy.allowLan,
      allowedOrigins: [...policy.allowedOrigins],
      maxConcurrentRequests: policy.maxConcurrentRequests,
      tokens: listApiTokens(this.deps.db),
      problem: this.problem,
    };
  }

  get running(): RunningApiServer | null {
    return this.server;
  }

  /** Starts the server now (refused when the policy does not enable it); running already, it answers with that one. */
  async start(options: StartOptions = {}): Promise<RunningApiServer> {
    if (this.server) return this.server;
    const host = options.host ?? '127.0.0.1';
    this.assertAllowed(host);
    const port = options.port ?? this.setting().port;
    const { audit, db, services } = this.deps;
    this.server = await startApiServer({
      services,
      policy: this.deps.policy,
      host,
      port,
      authenticate: (token) => (db.open ? clientForToken(db, token) : null),
      record: (type, details, actor) => {
        if (db.open) audit.record(type, details, actor);
      },
    });
    this.problem = null;
    audit.record('api.started', { host, port: this.server.port });
    return this.server;
  }

  async stop(reason: 'requested' | 'policy' | 'exit' = 'requested'): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await server.close();
    if (this.deps.db.open) this.deps.audit.record('api.stopped', { port: server.port, reason });
  }

  /** Settings' switch: remembers the choice, then starts or stops. A start that fails is kept as the status's problem. */
  async setEnabled(enabled: boolean, port?: number): Promise<ApiServerStatus> {
    if (enabled) this.assertAllowed('127.0.0.1');
    const current = this.setting();
    const next = { enabled, port: port ?? current.port };
    writeSetting(this.deps.db, settingKey, JSON.stringify(next));
    // A start that failed before is no longer a problem once the user turns the server off.
    if (!enabled) this.problem = null;
    if (!enabled || (this.server && this.server.port !== next.port)) await this.stop();
    if (enabled) await this.startRemembered();
    return this.status();
  }

  /** At the app's start: the server runs again if the user left it on and the policy still allows it. */
  async resume(): Promise<void> {
    if (this.setting().enabled && this.deps.policy().enabled) await this.startRemembered();
  }

  /** Called when the policy changes: a server it no longer allows stops at once. */
  async followPolicy(): Promise<void> {
    const policy = this.deps.policy();
    if (this.server && (!policy.enabled || (!policy.allowLan && !isLoopback(this.server.host)))) await this.stop('policy');
  }

  addToken(name: string): ApiTokenCreated {
    const { db, audit } = this.deps;
    return db.transaction(() => {
      const created = createApiToken(db, name);
      audit.record('api.tokenAdded', { client: created.name });
      return created;
    })();
  }

  revokeToken(name: string): { name: string } {
    const { db, audit } = this.deps;
    return db.transaction(() => {
      const revoked = revokeApiToken(db, name);
      audit.record('api.tokenRevoked', { client: revoked });
      return { name: revoked };
    })();
  }

  private async startRemembered(): Promise<void> {
    try {
      await this.start({ port: this.setting().port });
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  private assertAllowed(host: string): void {
    const policy = this.deps.policy();
    if (!policy.enabled) {
      throw new EnclaveError('api-server-not-allowed', 'The machine policy does not enable the local API server (apiServer.enabled); ask your IT department.');
    }
    if (!isLoopback(host) && !policy.allowLan) {
      throw new EnclaveError('api-server-not-allowed', `The machine policy allows the API server on this machine only (127.0.0.1), not on ${host} (apiServer.allowLan).`);
    }
  }

  private setting(): ApiServerSetting {
    return settingsColumn(apiServerSettingSchema, defaultSetting, readSetting(this.deps.db, settingKey));
  }
}
