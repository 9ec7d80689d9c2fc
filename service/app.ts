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
import { safeInput } from './middleware/safe-input.js';
import { registerFlagReplies } from './routes/flag-replies.js';
import { registerFlags } from './routes/flags.js';
import { registerHealthz } from './routes/healthz.js';
import { registerMerged } from './routes/merged.js';
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

export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    bodyLimit: Number(process.env.TONGHOP_BODY_LIMIT ?? 32 * 1024 * 1024),
    maxSyncRows: Number(process.env.TONGHOP_MAX_SYNC_ROWS ?? 50_000),
    now: () => new Date(),
    ...overrides,
  };
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error as never);
    },
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
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
