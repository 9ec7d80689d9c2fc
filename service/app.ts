/**
 * The Hono application: every route, one error path, OpenAPI description at /openapi.json.
 *
 * @example
 * const app = createApp({ db, registry: new RegistryStore(db), config: defaultConfig() });
 * serve({ fetch: app.fetch, port: 8787 });
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { registerConsole } from './console/index.js';
import type { AppConfig, AppDeps, AppEnv } from './context.js';
import { handleError } from './errors.js';
import { authenticate } from './middleware/auth.js';
import { RateLimits } from './middleware/rate-limit.js';
import { safeInput } from './middleware/safe-input.js';
import { registerFlagReplies } from './routes/flag-replies.js';
import { registerFlags } from './routes/flags.js';
import { registerHealthz } from './routes/healthz.js';
import { registerMerged } from './routes/merged.js';
import { registerProgress } from './routes/progress.js';
import { registerRegistry } from './routes/registry.js';
import { registerRounds } from './routes/rounds.js';
import { registerSheetRestore } from './routes/sheet-restore.js';
import { registerSheetStates } from './routes/sheet-states.js';
import { registerSheets } from './routes/sheets.js';
import { registerTokens } from './routes/tokens.js';
import { registerAddinFiles } from './static/addin-files.js';
import { registerFavicon } from './static/favicon.js';
import { validationFailed } from './sync/request.js';

// What zod words itself (a header too long, a value of the wrong kind) reaches users as well.
z.config(z.locales.vi());

const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    bodyLimit: envNumber('TONGHOP_BODY_LIMIT', 32 * 1024 * 1024),
    maxSyncRows: envNumber('TONGHOP_MAX_SYNC_ROWS', 50_000),
    now: () => new Date(),
    rateLimits: {
      authFailuresPerAddress: envNumber('TONGHOP_AUTH_FAILURES_PER_ADDRESS', 30),
      authFailuresPerToken: envNumber('TONGHOP_AUTH_FAILURES_PER_TOKEN', 10),
      authFailureWindowMs: envNumber('TONGHOP_AUTH_FAILURE_WINDOW_S', 900) * 1000,
      syncsPerToken: envNumber('TONGHOP_SYNCS_PER_TOKEN', 120),
      syncWindowMs: envNumber('TONGHOP_SYNC_WINDOW_S', 60) * 1000,
      trustProxy: process.env.TONGHOP_TRUST_PROXY === '1',
    },
    consoleSessionMs: envNumber('TONGHOP_CONSOLE_SESSION_HOURS', 10) * 3_600_000,
    ...overrides,
  };
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error as never);
    },
  });
  const limits = new RateLimits(deps.config.rateLimits, () => deps.config.now().getTime());
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('limits', limits);
    await next();
  });
  app.use('*', safeInput());
  // Another service process may have changed the registry: checked before any of the request's work.
  for (const path of ['/api/*', '/console/*']) {
    app.use(path, async (_c, next) => {
      await deps.registry.revalidate();
      await next();
    });
  }
  app.onError(handleError);
  app.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: 'Không có đường dẫn này.', requestId: c.get('requestId') ?? null } },
      404,
    ),
  );

  registerHealthz(app);
  registerAddinFiles(app);
  registerFavicon(app);
  app.use('/api/*', authenticate());
  registerRounds(app);
  registerSheets(app);
  registerSheetStates(app);
  registerSheetRestore(app);
  registerMerged(app);
  registerProgress(app);
  registerFlags(app);
  registerFlagReplies(app);
  registerRegistry(app);
  registerTokens(app);
  registerConsole(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'TổngHợp API', version: '1' } });
  return app;
}
export type App = ReturnType<typeof createApp>;
